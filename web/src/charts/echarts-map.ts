// ECharts for the world maps: `echarts/core`, the Canvas renderer and the map chart (which
// brings the geo component it needs); no tooltip, as the tables have every number. Canvas
// rather than SVG, and no support for maps from SVG files (web/vite.config.ts), keep the home
// page's JavaScript under 150 KB (4.5 and 3.4 KB); a map has no text to keep in the DOM, its
// table is its text alternative. The pages that
// draw bars add them on top (echarts-bars.ts). src/components/Chart.tsx imports both modules
// dynamically, after the page's content is shown, so the bundler emits this one as a chunk
// that the bars' chunk imports: the home page, which draws its map but not its bars with
// ECharts, never asks for the bars' chunk (the sizes of each part: docs/PERFORMANCE.md).
import { init, use, registerMap, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { CanvasRenderer } from 'echarts/renderers';
import { loadWorldGeoJson } from '../components/worldMap';

use([MapChart, CanvasRenderer]);

let worldRegistered: Promise<void> | null = null;

/**
 * Registers the bundled world geometry (no CDN) as `name` once, before the first map is drawn.
 * (The name comes from the caller: importing it from ./options would make this chunk import
 * from the main bundle, and the bundler then splits the main bundle in two.)
 */
export function registerWorld(name: string): Promise<void> {
  worldRegistered ??= loadWorldGeoJson().then((geojson) => {
    // ECharts' own GeoJSON type is not exported from echarts/core; the shapes are standard.
    registerMap(name, geojson as unknown as Parameters<typeof registerMap>[1]);
  });
  worldRegistered.catch(() => (worldRegistered = null));
  return worldRegistered;
}

export interface DrawnChart {
  dispose(): void;
}

/**
 * Draws `option` into `element` with `renderer` (which the chunk must have: Canvas here, SVG
 * with echarts-bars.ts), calls `onItem` with the clicked item's name, follows resizes.
 */
export function draw(element: HTMLElement, option: EChartsCoreOption, onItem: (name: string) => void,
  renderer: 'canvas' | 'svg' = 'canvas'): DrawnChart {
  const chart: ECharts = init(element, null, { renderer });
  chart.setOption(option);
  chart.on('click', (params) => onItem(String(params.name)));
  // A box leaving the page is resized to nothing first, which ECharts' map layout cannot take.
  const resize = new ResizeObserver(() => {
    if (element.isConnected && element.clientWidth > 0 && element.clientHeight > 0 && !chart.isDisposed()) chart.resize();
  });
  resize.observe(element);
  return {
    dispose: () => {
      resize.disconnect();
      chart.dispose();
    },
  };
}
