import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { navigate } from '../router';
import { loadWorld, MAP_HEIGHT, MAP_WIDTH, type CountryShape } from './worldMap';

export interface Datum {
  key: string; // the filter value, e.g. a country code or an SDG number
  label: string;
  value: number;
  colour?: string;
}

/**
 * Horizontal bars in HTML: labels stay real text (translated, selectable, read by screen
 * readers), and logical properties make the bars grow from the right in Arabic.
 */
export function BarChart({ data, link, summary }: { data: Datum[]; link?: (d: Datum) => string; summary: string }) {
  const { tr } = useApp();
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <figure class="bars" aria-label={summary}>
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

const SHADES = ['#cfe1ef', '#9cc3e0', '#5f9cc9', '#2a73ab', '#00558c'];

/** A choropleth world map (SVG); the table next to it is its text alternative and keyboard path. */
export function WorldMap({ data, summary, link, small }: {
  data: Datum[]; summary: string; link?: (d: Datum) => string; small?: boolean;
}) {
  const { tr } = useApp();
  const [shapes, setShapes] = useState<CountryShape[] | null>(null);
  useEffect(() => {
    let live = true;
    loadWorld().then((s) => live && setShapes(s), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const byKey = new Map(data.map((d) => [d.key, d]));
  const max = Math.max(1, ...data.map((d) => d.value));
  const shade = (v: number) => SHADES[Math.min(SHADES.length - 1, Math.floor((Math.log1p(v) / Math.log1p(max)) * SHADES.length))];
  return (
    <svg class={small ? 'map small' : 'map'} viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label={summary}
      data-countries={data.length}>
      {shapes?.map((s) => {
        const d = byKey.get(s.iso3);
        return (
          <path key={s.iso3} d={s.path} data-iso3={s.iso3} fill={d ? shade(d.value) : '#eef1f4'} stroke="#8a96a3"
            stroke-width="0.4" class={d && link ? 'clickable' : undefined}
            onClick={d && link ? () => navigate(link(d)) : undefined}>
            {d && <title>{`${d.label}: ${tr.number(d.value)}`}</title>}
          </path>
        );
      })}
    </svg>
  );
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
