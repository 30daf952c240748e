import { defineConfig } from 'vitest/config';

// Each page is a dynamic import (src/routes.ts), so Rollup/Rolldown gives every page its own
// chunk; ECharts and the world map are only imported by the chart component, lazily.
export default defineConfig({
  base: '/',
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
    terserOptions: { compress: { passes: 3 } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' },
});
