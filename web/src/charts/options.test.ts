import { describe, expect, it } from 'vitest';
import { SDG_COLOURS } from '../api/reference';
import { MAP_EMPTY, MAP_NAME, MAP_SHADES, mapOption, mapShade, type ChartStyle, type Datum } from './options';
import { BAR_COLOUR, PDI, RLI, textWidth, barChartHeight, barOption } from './bar-options';

const style = (lang: string, clickable = true): ChartStyle => ({
  rtl: lang === 'ar', format: new Intl.NumberFormat(lang).format, fontFamily: 'Noto Sans', clickable,
});
const rows: Datum[] = [
  { key: 'C1', label: 'C1 Governance', value: 1200 },
  { key: 'C7', label: 'C7 E-learning', value: 35 },
  { key: 'C3', label: 'C3 Access', value: 0 },
];
type Formatter = (p: { value?: number; dataIndex?: number; name?: string }) => string;

describe('bar chart option', () => {
  it('keeps the data order, top to bottom, with the labels and values', () => {
    const o = barOption(rows, style('en'));
    expect(o.yAxis.data).toEqual(['C1 Governance', 'C7 E-learning', 'C3 Access']);
    expect(o.yAxis.inverse).toBe(true); // the first datum on top
    expect(o.series[0].data.map((d) => d.value)).toEqual([1200, 35, 0]);
    expect(o.series[0].data.map((d) => d.name)).toEqual(['C1', 'C7', 'C3']); // the click's filter value
    expect(o.series[0].data.every((d) => d.itemStyle.color === BAR_COLOUR)).toBe(true);
  });

  it('mirrors in Arabic: bars from the right, labels on the right, values left of the bars', () => {
    const ltr = barOption(rows, style('en'));
    const rtl = barOption(rows, style('ar'));
    expect([ltr.xAxis.inverse, ltr.yAxis.position, ltr.series[0].label.position]).toEqual([false, 'left', 'right']);
    expect([rtl.xAxis.inverse, rtl.yAxis.position, rtl.series[0].label.position]).toEqual([true, 'right', 'left']);
    // The room for the labels follows them to the other side.
    expect(rtl.grid.right).toBe(ltr.grid.left);
    expect(rtl.grid.left).toBe(ltr.grid.right);
    // Labels are right-to-left isolates in Arabic (the chart's box itself is left to right).
    expect(rtl.yAxis.data[1]).toBe(`${RLI}C7 E-learning${PDI}`);
    expect(ltr.yAxis.data[1]).toBe('C7 E-learning');
  });

  it('formats numbers as the page language does (Arabic digits where the locale uses them)', () => {
    const ar = new Intl.NumberFormat('ar');
    const en = barOption(rows, style('en'));
    const arabic = barOption(rows, style('ar'));
    expect((en.series[0].label.formatter as Formatter)({ value: 1200 })).toBe('1,200');
    expect((arabic.series[0].label.formatter as Formatter)({ value: 1200 })).toBe(ar.format(1200));
    expect(arabic.xAxis.axisLabel.formatter(35)).toBe(ar.format(35));
    // A locale whose digits are Arabic-Indic gets them on the axis and the bars.
    const egypt = barOption(rows, { ...style('ar'), format: new Intl.NumberFormat('ar-EG').format });
    expect((egypt.series[0].label.formatter as Formatter)({ value: 1200 })).toBe('١٬٢٠٠');
    expect(egypt.xAxis.axisLabel.formatter(35)).toBe('٣٥');
  });

  it('gives each SDG its official colour', () => {
    const goals: Datum[] = SDG_COLOURS.map((colour, i) => ({ key: String(i + 1), label: `${i + 1}`, value: i, colour }));
    const o = barOption(goals, style('en'));
    expect(o.series[0].data.map((d) => d.itemStyle.color)).toEqual(SDG_COLOURS);
    expect(SDG_COLOURS).toHaveLength(17);
    expect(SDG_COLOURS[0]).toBe('#E5243B'); // goal 1, no poverty
    expect(SDG_COLOURS[16]).toBe('#19486A'); // goal 17, partnerships
  });

  it('uses the page font, and no pointer where bars link nowhere', () => {
    expect(barOption(rows, style('zh')).textStyle.fontFamily).toBe('Noto Sans');
    expect(barOption(rows, style('en', false)).series[0].cursor).toBe('default');
    expect(barOption(rows, style('en', false)).series[0].emphasis.disabled).toBe(true);
    expect(barOption(rows, style('en')).series[0].cursor).toBe('pointer');
  });

  it('leaves room for the longest label, Chinese characters counted wider', () => {
    expect(textWidth('零饥饿')).toBe(36);
    expect(textWidth('abc')).toBe(19.5);
    const short = barOption([{ key: '2024', label: '2024', value: 3 }], style('en'));
    const long = barOption([{ key: 'C1', label: 'C1 The role of public governance authorities', value: 3 }], style('en'));
    expect(short.grid.left).toBeLessThan(long.grid.left);
    expect(long.yAxis.axisLabel.width).toBe(170);
  });

  it('is as tall as its bars', () => {
    expect(barChartHeight(17)).toBeGreaterThan(barChartHeight(6));
    expect(barChartHeight(0)).toBe(barChartHeight(1));
  });
});

describe('map option', () => {
  const countries: Datum[] = [
    { key: 'SEN', label: 'Senegal', value: 1 },
    { key: 'BRA', label: 'Brazil', value: 40 },
    { key: 'IND', label: 'India', value: 400 },
  ];

  it('shades each country by its count on a log scale, the largest darkest', () => {
    const o = mapOption(countries, style('en'));
    const series = o.series[0];
    expect(series.map).toBe(MAP_NAME);
    expect(series.data.map((d) => d.name)).toEqual(['SEN', 'BRA', 'IND']);
    const shades = series.data.map((d) => MAP_SHADES.indexOf(d.itemStyle.areaColor));
    expect(shades[2]).toBe(MAP_SHADES.length - 1);
    expect(shades[0]).toBeLessThan(shades[1]);
    expect(shades[1]).toBeLessThan(shades[2]);
    expect(series.itemStyle.areaColor).toBe(MAP_EMPTY); // countries without entries
  });

  it('keeps shades within the scale', () => {
    expect(mapShade(0, 0)).toBe(MAP_SHADES[0]);
    expect(mapShade(5, 5)).toBe(MAP_SHADES[MAP_SHADES.length - 1]);
    expect(mapShade(1, 10000)).toBe(MAP_SHADES[0]);
  });
});
