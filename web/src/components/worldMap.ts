// The world map's geometry, from world-atlas (Natural Earth 1:110m, bundled: no CDN; made
// GeoJSON features named by ISO 3166-1 alpha-3 at build time, web/vite.config.ts), for
// ECharts' registerMap. Loaded once, lazily.
import type { Feature, FeatureCollection, Position } from 'geojson';
import worldUrl from 'virtual:world-110m';

/** Width over height of the map (longitudes 360°, latitudes 84°N to 56°S: Antarctica has no projects). */
export const MAP_ASPECT = 360 / 140;

let world: Promise<FeatureCollection> | null = null;

/**
 * A ring that crosses the antimeridian (Russia's Chukotka, Fiji) would be drawn across the whole
 * map: its points on the far side are pulled to the ±180° edge on the side where most lie.
 */
export function clampAntimeridian(ring: Position[]): Position[] {
  const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  if (!crosses) return ring;
  const east = ring.filter((p) => p[0] > 0).length * 2 >= ring.length;
  return ring.map(([lon, lat]) => [east ? (lon < 0 ? 180 : lon) : (lon > 0 ? -180 : lon), lat]);
}

function clampFeature(f: Feature): Feature {
  const g = f.geometry;
  if (g.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map(clampAntimeridian) } };
  if (g.type === 'MultiPolygon')
    return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map(clampAntimeridian)) } };
  return f;
}

export function loadWorldGeoJson(): Promise<FeatureCollection> {
  world ??= fetch(worldUrl)
    .then((r) => r.json())
    .then((countries: FeatureCollection) => {
      const features = countries.features.map(clampFeature);
      return { type: 'FeatureCollection', features } as FeatureCollection;
    });
  world.catch(() => (world = null));
  return world;
}
