// The world map as SVG path strings, from world-atlas (Natural Earth 1:110m, TopoJSON) with an
// equirectangular projection; features named by ISO 3166-1 alpha-3. Loaded once, lazily.
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Position } from 'geojson';
import worldUrl from 'world-atlas/countries-110m.json?url';
import isoNumeric from '../data/iso-numeric.json';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 400; // latitudes 84°N to 56°S: Antarctica has no projects
const TOP = 84;
const SCALE = MAP_WIDTH / 360;

export interface CountryShape {
  iso3: string;
  path: string;
}

let world: Promise<CountryShape[]> | null = null;

function ring(points: Position[]): string {
  let d = '';
  let previous = NaN;
  points.forEach(([lon, lat], i) => {
    // A ring that crosses the antimeridian (Russia, Fiji) jumps across the whole map: start a
    // new piece there instead of drawing a line through every country.
    const jump = Math.abs(lon - previous) > 180;
    previous = lon;
    const x = ((lon + 180) * SCALE).toFixed(1);
    const y = ((TOP - Math.max(lat, -60)) * SCALE).toFixed(1);
    d += (i && !jump ? 'L' : 'M') + x + ' ' + y;
  });
  return d + 'Z';
}

export function loadWorld(): Promise<CountryShape[]> {
  world ??= fetch(worldUrl)
    .then((r) => r.json())
    .then((topology: Topology) => {
      const numeric = isoNumeric as Record<string, string>;
      const countries = feature(topology, topology.objects.countries as GeometryCollection);
      const shapes: CountryShape[] = [];
      for (const f of countries.features) {
        const iso3 = numeric[String(f.id)];
        if (!iso3 || iso3 === 'ATA') continue;
        const g = f.geometry;
        const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
        shapes.push({ iso3, path: polygons.map((p) => p.map(ring).join('')).join('') });
      }
      return shapes;
    });
  world.catch(() => (world = null));
  return world;
}
