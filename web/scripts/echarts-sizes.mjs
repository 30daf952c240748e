// Measures what each ECharts import set weighs in this project's build (docs/PERFORMANCE.md,
// "ECharts and the 150 KB target"): for each set, a scratch entry that imports it and calls
// `use` is built alone by Vite with the project's minifier, and the one chunk is gzipped (-9).
//   node scripts/echarts-sizes.mjs [--minify oxc|terser]
// It measures the installed echarts; to compare versions, install the other one and run again.
import { build } from 'vite';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const webDir = join(import.meta.dirname, '..');
const minifyArg = process.argv.indexOf('--minify');
const minify = minifyArg > 0 ? process.argv[minifyArg + 1] : 'terser';

const SETS = {
  'SVG renderer, no chart': { renderers: ['SVGRenderer'] },
  'Canvas renderer, no chart': { renderers: ['CanvasRenderer'] },
  'bar chart + grid, SVG': { charts: ['BarChart'], components: ['GridComponent'], renderers: ['SVGRenderer'] },
  'map chart, SVG': { charts: ['MapChart'], renderers: ['SVGRenderer'] },
  'map chart, Canvas (the home page)': { charts: ['MapChart'], renderers: ['CanvasRenderer'] },
  'bar + map + grid + tooltip, SVG': { charts: ['BarChart', 'MapChart'], components: ['GridComponent', 'TooltipComponent'], renderers: ['SVGRenderer'] },
  'bar + map + grid, SVG (shipped before)': { charts: ['BarChart', 'MapChart'], components: ['GridComponent'], renderers: ['SVGRenderer'] },
  'bar + map + grid, Canvas': { charts: ['BarChart', 'MapChart'], components: ['GridComponent'], renderers: ['CanvasRenderer'] },
  'custom series only, SVG': { charts: ['CustomChart'], renderers: ['SVGRenderer'] },
  'custom series only, Canvas': { charts: ['CustomChart'], renderers: ['CanvasRenderer'] },
};

function entry({ charts = [], components = [], renderers }) {
  const lines = ["import { init, use, registerMap } from 'echarts/core';"];
  if (charts.length) lines.push(`import { ${charts.join(', ')} } from 'echarts/charts';`);
  if (components.length) lines.push(`import { ${components.join(', ')} } from 'echarts/components';`);
  lines.push(`import { ${renderers.join(', ')} } from 'echarts/renderers';`);
  lines.push(`use([${[...charts, ...components, ...renderers].join(', ')}]);`);
  lines.push('(globalThis as Record<string, unknown>).echarts = { init, registerMap };');
  return lines.join('\n') + '\n';
}

const version = createRequire(join(webDir, 'package.json'))('echarts/package.json').version;
console.log(`echarts ${version}, minify ${minify}, gzip -9, KB`);
const scratch = mkdtempSync(join(webDir, 'node_modules', '.echarts-sizes-'));
try {
  for (const [name, set] of Object.entries(SETS)) {
    const file = join(scratch, 'entry.ts');
    writeFileSync(file, entry(set));
    const outDir = join(scratch, 'out');
    await build({
      root: webDir, configFile: false, logLevel: 'silent',
      build: { target: 'es2022', outDir, emptyOutDir: true, minify, terserOptions: { compress: { passes: 3 } },
        rollupOptions: { input: file, output: { entryFileNames: 'chunk.js' }, preserveEntrySignatures: 'strict' } },
    });
    const js = readdirSync(outDir).filter((f) => f.endsWith('.js'));
    const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length, 0);
    console.log(`${(gz / 1024).toFixed(1).padStart(7)}  ${name}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
