// ECharts options built from a chart's data, as plain objects: no ECharts code here, so the
// option building is unit-tested (src/charts/options.test.ts) and the home page's main bundle
// does not grow. src/charts/echarts.ts draws them.

export interface Datum {
  key: string; // the filter value, e.g. a country code or an SDG number
  label: string;
  value: number;
  colour?: string;
}

export interface ChartStyle {
  rtl: boolean;
  /** The page language's number format (Arabic-Indic digits in Arabic where the locale says so). */
  format: (n: number) => string;
  /** The page's computed font-family, so that SVG text uses the shipped Noto fonts. */
  fontFamily: string;
  /** false for a chart whose items link nowhere (no pointer cursor, no hover emphasis). */
  clickable: boolean;
}

export const BAR_COLOUR = '#00558c';
export const ROW_HEIGHT = 26;
const AXIS_SPACE = 30;
export const MAP_SHADES = ['#cfe1ef', '#9cc3e0', '#5f9cc9', '#2a73ab', '#00558c'];
export const MAP_EMPTY = '#eef1f4';
export const MAP_NAME = 'world';

/** The height a bar chart of `rows` bars needs (one row per bar plus the value axis). */
export const barChartHeight = (rows: number) => Math.max(1, rows) * ROW_HEIGHT + AXIS_SPACE;

// The chart's box is direction: ltr (styles.css), because ECharts places its texts with SVG
// text-anchor, which a right-to-left box would turn round. In Arabic each text is instead a
// right-to-left isolate (U+2067 ... U+2069), so that "C7 تطبيقات" reads from the right.
export const RLI = '\u2067';
export const PDI = '\u2069';
export const directed = (text: string, style: ChartStyle) => (style.rtl ? RLI + text + PDI : text);


/** About how wide a 12 px label is: 6.5 px a character, 12 px for a CJK ideograph or kana. */
export const textWidth = (text: string) => [...text].reduce((w, c) => w + (c >= '\u2e80' && c <= '\uffef' ? 12 : 6.5), 0);

/**
 * Horizontal bars, the first datum at the top. In Arabic the value axis runs right to left
 * (bars grow from the right) and the category axis sits on the right, as the HTML bars did.
 */
export function barOption(data: Datum[], style: ChartStyle) {
  // Room for the longest label, at most 170 px: longer ones are cut with an ellipsis (the
  // table has them whole).
  const labelWidth = Math.min(170, Math.ceil(Math.max(1, ...data.map((d) => textWidth(d.label)))) + 4);
  return {
    animation: false,
    textStyle: { fontFamily: style.fontFamily },
    grid: { top: 4, bottom: AXIS_SPACE - 4, left: style.rtl ? 48 : labelWidth + 8, right: style.rtl ? labelWidth + 8 : 48 },
    xAxis: {
      type: 'value',
      inverse: style.rtl,
      minInterval: 1,
      axisLabel: { formatter: (v: number) => style.format(v) },
      splitLine: { lineStyle: { color: '#e3e8ee' } },
    },
    yAxis: {
      type: 'category',
      inverse: true, // the first datum on top, in reading order
      position: style.rtl ? 'right' : 'left',
      data: data.map((d) => directed(d.label, style)),
      axisTick: { show: false },
      axisLabel: { width: labelWidth, overflow: 'truncate', color: '#1f2933', fontSize: 12 },
    },
    series: [{
      type: 'bar',
      barMaxWidth: 18,
      cursor: style.clickable ? 'pointer' : 'default',
      emphasis: { disabled: !style.clickable },
      label: {
        show: true,
        position: style.rtl ? 'left' : 'right',
        color: '#1f2933',
        formatter: (p: { value: number }) => style.format(p.value),
      },
      data: data.map((d) => ({ value: d.value, name: d.key, itemStyle: { color: d.colour ?? BAR_COLOUR } })),
    }],
  };
}

/** A shade of blue for a count, on a log scale up to the largest count (the legend's steps). */
export function mapShade(value: number, max: number): string {
  const step = Math.floor((Math.log1p(value) / Math.log1p(Math.max(1, max))) * MAP_SHADES.length);
  return MAP_SHADES[Math.max(0, Math.min(MAP_SHADES.length - 1, step))];
}

/**
 * The choropleth: the countries registered as MAP_NAME (named by ISO alpha-3), each datum's
 * country shaded by its count; countries without entries stay grey and inert.
 */
export function mapOption(data: Datum[], style: ChartStyle, small = false) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return {
    animation: false,
    textStyle: { fontFamily: style.fontFamily },
    series: [{
      type: 'map',
      map: MAP_NAME,
      roam: false,
      selectedMode: false,
      aspectScale: 1, // equirectangular, as the geometry's degrees
      left: 0, right: 0, top: 0, bottom: 0, // the whole box; ECharts keeps the aspect ratio
      cursor: style.clickable ? 'pointer' : 'default',
      label: { show: false },
      itemStyle: { areaColor: MAP_EMPTY, borderColor: '#8a96a3', borderWidth: small ? 0.4 : 0.5 },
      emphasis: { disabled: !style.clickable, label: { show: false }, itemStyle: { areaColor: '#f2a900' } },
      data: data.map((d) => ({ name: d.key, value: d.value, itemStyle: { areaColor: mapShade(d.value, max) } })),
    }],
  };
}
