// ECharts options built from a chart's data, as plain objects: no ECharts code here, so the
// option building is unit-tested (src/charts/options.test.ts) and the home page's main bundle
// does not grow. The bars' options are in bar-options.ts, which only the bars' chunk
// imports (the home page draws no ECharts bars); src/charts/echarts-map.ts draws them.

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

export const MAP_SHADES = ['#cfe1ef', '#9cc3e0', '#5f9cc9', '#2a73ab', '#00558c'];
export const MAP_EMPTY = '#eef1f4';
export const MAP_NAME = 'world';

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
