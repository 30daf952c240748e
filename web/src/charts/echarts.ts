// The only module that imports ECharts: tree-shaken to the bar and map charts (with the grid
// the bars need) and the SVG renderer; no tooltip, as the tables have every number (the sizes
// of each part: docs/PERFORMANCE.md). src/components/Chart.tsx imports this module dynamically,
// after the page's content is shown, so ECharts is its own chunk and never delays content.
import { init, use, registerMap, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, MapChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { loadWorldGeoJson } from '../components/worldMap';

use([BarChart, MapChart, GridComponent, SVGRenderer]);

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

/** Draws `option` into `element` (SVG), calls `onItem` with the clicked item's name, follows resizes. */
export function draw(element: HTMLElement, option: EChartsCoreOption, onItem: (name: string) => void): DrawnChart {
  const chart: ECharts = init(element, null, { renderer: 'svg' });
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
