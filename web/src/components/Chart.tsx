import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { navigate } from '../router';
import { MAP_NAME, mapOption, type ChartStyle, type Datum } from '../charts/options';

export type { Datum } from '../charts/options';

type MapModule = typeof import('../charts/echarts-map');
type BarsModule = typeof import('../charts/echarts-bars');
type EchartsModule = Pick<MapModule, 'draw'> & Partial<Pick<BarsModule, 'barOption' | 'barChartHeight'>>;

// ECharts comes in chunks asked for when the first chart mounts, i.e. after the page's content
// (the figures) is on screen: a shared core, and the map or the bars on top of it, so a page
// loads only the chart types it draws. Until a chunk arrives, and if it never does, the HTML
// bars (or, for a map, its summary) stand in, and the table below each chart has every number.
let mapModule: Promise<MapModule> | null = null;
let barsModule: Promise<BarsModule> | null = null;
function loadMap(): Promise<MapModule> {
  mapModule ??= import('../charts/echarts-map');
  mapModule.catch(() => (mapModule = null));
  return mapModule;
}
function loadBars(): Promise<BarsModule> {
  barsModule ??= import('../charts/echarts-bars');
  barsModule.catch(() => (barsModule = null));
  return barsModule;
}

/**
 * Draws a chart with ECharts once it is loaded; `null` until then (and if loading fails).
 * The returned ref goes on the element ECharts draws into, which must be rendered only when
 * the module is there (so that it has its size when ECharts measures it).
 */
function useEchart(kind: 'bar' | 'map' | 'smallMap', data: Datum[], link?: (d: Datum) => string) {
  const { lang, tr } = useApp();
  const ref = useRef<HTMLDivElement>(null);
  const [module, setModule] = useState<EchartsModule | null>(null);
  useEffect(() => {
    let live = true;
    const loaded: Promise<EchartsModule> = kind === 'bar' ? loadBars()
      : loadMap().then(async (m) => (await m.registerWorld(MAP_NAME), m));
    loaded
      .then((m) => {
        if (live) setModule(m);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const dataKey = JSON.stringify(data);
  useEffect(() => {
    const element = ref.current;
    if (!module || !element) return;
    const style: ChartStyle = {
      rtl: lang === 'ar',
      format: tr.number, // the page's own number format, as in the tables and totals
      fontFamily: getComputedStyle(element).fontFamily,
      clickable: !!link,
    };
    const option = kind === 'bar' && module.barOption ? module.barOption(data, style) : mapOption(data, style, kind === 'smallMap');
    const byKey = new Map(data.map((d) => [d.key, d]));
    const chart = module.draw(element, option, (name) => {
      const d = byKey.get(name);
      if (d && link) navigate(link(d));
    }, kind === 'bar' ? 'svg' : 'canvas');
    element.dataset.ready = 'true';
    return () => {
      delete element.dataset.ready;
      chart.dispose();
    };
  }, [module, dataKey, lang]);
  return { ref, ready: !!module, module };
}

/**
 * Horizontal bars drawn by ECharts (bars grow from the right in Arabic, the labels' axis on the
 * right); before that, and without it, as the HTML bars.
 */
export function BarChart({ data, link, summary }: { data: Datum[]; link?: (d: Datum) => string; summary: string }) {
  const { ref, module } = useEchart('bar', data, link);
  if (module?.barChartHeight)
    return (
      <div ref={ref} class="echart bars-chart" role="img" aria-label={summary} data-chart="bar"
        style={{ blockSize: `${module.barChartHeight(data.length)}px` }} />
    );
  return <HtmlBars data={data} link={link} summary={summary} />;
}

/**
 * Horizontal bars in HTML: the labels are real text (each a link to the filtered search), the
 * bars logical CSS, so they grow from the right in Arabic. The home page draws its bars this
 * way, without ECharts' bar chunk, to keep its JavaScript under 150 KB (docs/PERFORMANCE.md).
 */
export function HtmlBars({ data, link, summary }: { data: Datum[]; link?: (d: Datum) => string; summary: string }) {
  const { tr } = useApp();
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <figure class="bars" aria-label={summary} data-chart="html-bars">
      <ul>
        {data.map((d) => (
          <li key={d.key} data-key={d.key}>
            <span class="bar-label">{link ? <a href={link(d)}>{d.label}</a> : d.label}</span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar" style={{ inlineSize: `${(100 * d.value) / max}%`, background: d.colour ?? '#00558c' }} />
            </span>
            <span class="bar-value">{tr.number(d.value)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * A choropleth world map drawn by ECharts from the bundled geometry; until it is drawn the box
 * holds the chart's summary. The table next to it is its text alternative and keyboard path.
 */
export function WorldMap({ data, summary, link, small }: {
  data: Datum[]; summary: string; link?: (d: Datum) => string; small?: boolean;
}) {
  const { ref, ready } = useEchart(small ? 'smallMap' : 'map', data, link);
  const cls = small ? 'echart map small' : 'echart map';
  return ready ? <div ref={ref} class={cls} role="img" aria-label={summary} data-chart="map" data-countries={data.length} />
    : <div class={`${cls} pending`}><p>{summary}</p></div>;
}

/** The numbers of a chart as a table (the chart's text alternative), each row a search link. */
export function ChartTable({ caption, data, link, labelHeader, countHeader }: {
  caption: string; data: Datum[]; link?: (d: Datum) => string; labelHeader: string; countHeader: string;
}) {
  const { t, tr } = useApp();
  return (
    <details class="table-alt">
      <summary>{t('chart.showTable', { name: caption })}</summary>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col" class="num">{countHeader}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key} data-key={d.key}>
              <th scope="row">{link ? <a href={link(d)}>{d.label}</a> : d.label}</th>
              <td class="num" data-value={d.value}>{tr.number(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
