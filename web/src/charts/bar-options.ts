// The ECharts bar charts' options (src/charts/options.ts has the shared types and the map):
// a module of its own that only echarts-bars.ts imports, so that the home page, whose bars are
// HTML, does not load it.
import type { ChartStyle, Datum } from './options';

export const BAR_COLOUR = '#00558c';
export const ROW_HEIGHT = 26;
const AXIS_SPACE = 30;
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
