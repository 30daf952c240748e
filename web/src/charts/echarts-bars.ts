// ECharts for the bar charts (the regional report): the map module's ECharts (echarts-map.ts)
// plus the bar chart, the grid it is laid out in and the SVG renderer (the bars' labels stay
// text in the DOM). Loaded by src/components/Chart.tsx when
// an ECharts bar chart mounts; the home page draws its bars in HTML and never asks for this
// chunk. (Building on the map module rather than on a core module of its own keeps the home
// page's ECharts one chunk: split three ways, core and map came out 1.1 KB heavier.)
import { use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

export { draw } from './echarts-map';
export { barOption, barChartHeight } from './bar-options';

use([BarChart, GridComponent, SVGRenderer]);
