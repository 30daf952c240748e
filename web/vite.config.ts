import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * `virtual:world-110m`: the URL of world-atlas' countries (Natural Earth 1:110m) as GeoJSON
 * features named by ISO 3166-1 alpha-3 (from the numeric ids, src/data/iso-numeric.json), with
 * Antarctica (no projects) and the unnamed shapes left out. Done here, at build time, so that
 * neither the numeric-to-alpha-3 table nor topojson-client is in the map's JavaScript chunk
 * (about 3 KB gzipped together, which the home page's 150 KB budget needs); the file, larger
 * than the TopoJSON it comes from, is an asset fetched after the content, no CDN.
 */
function worldGeometry(): Plugin {
  const id = 'virtual:world-110m';
  const devUrl = '/@world-110m.json';
  let serving = false;
  let source: string | undefined;
  const topology = () => {
    if (source) return source;
    const world = JSON.parse(readFileSync(fromHere('./node_modules/world-atlas/countries-110m.json'), 'utf8'));
    const alpha3: Record<string, string> = JSON.parse(readFileSync(fromHere('./src/data/iso-numeric.json'), 'utf8'));
    const countries = world.objects.countries;
    countries.geometries = countries.geometries
      .map((g: { id?: string }) => ({ ...g, id: alpha3[String(g.id)] }))
      .filter((g: { id?: string }) => g.id && g.id !== 'ATA');
    const collection = feature(world, countries) as unknown as { features: { id?: string | number }[] };
    const features = collection.features.map((f) => ({ ...f, properties: { name: String(f.id) } }));
    return (source = JSON.stringify({ type: 'FeatureCollection', features }));
  };
  return {
    name: 'wsis-world-geometry',
    configResolved: (config) => void (serving = config.command === 'serve'),
    resolveId: (spec) => (spec === id ? '\0' + id : null),
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      if (serving) return `export default ${JSON.stringify(devUrl)};`;
      const ref = this.emitFile({ type: 'asset', name: 'countries-110m.json', source: topology() });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use(devUrl, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(topology());
      });
    },
  };
}

/**
 * `tools/verify_results.py` in the built site: the script with which anyone redoes a prize
 * cycle's results from its published vote log (../tools/prizes, docs/PRIZES.md), linked from the
 * results page. Copied from the one file the repository keeps, at every build.
 */
function verificationTool(): Plugin {
  return {
    name: 'wsis-verification-tool',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'tools/verify_results.py',
        source: readFileSync(fromHere('../tools/prizes/verify_results.py'), 'utf8'),
      });
    },
  };
}

// Each page is a dynamic import (src/routes.ts), so Rollup/Rolldown gives every page its own
// chunk; ECharts and the world map are only imported by the chart component, lazily.
export default defineConfig({
  base: '/',
  resolve: {
    // ECharts' map chart can also draw maps from SVG files; the app registers GeoJSON only, so
    // that support (zrender's SVG parser, 3.4 KB gzipped) is left out of the map's chunk.
    alias: [{ find: /^\.\/GeoSVGResource\.js$/, replacement: fromHere('./src/charts/stubs/GeoSVGResource.ts') }],
  },
  plugins: [worldGeometry(), verificationTool()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    // Terser with three passes: 2-3 KB smaller gzipped than the default (Oxc) on the ECharts
    // chunk (docs/PERFORMANCE.md, "ECharts and the 150 KB target").
    minify: 'terser',
    terserOptions: { module: true, compress: { passes: 3 }, mangle: { toplevel: true } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' },
});
