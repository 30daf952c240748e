// The home page's weight and speed, in Chromium against the real server with 2,000 demo entries:
// 1. the JavaScript the home page needs for its content (everything but ECharts), gzip-compressed,
//    stays under 150 KB; so does all the JavaScript it loads, ECharts' map chunk included
//    (counted once the map is drawn), and it never asks for the bars' chunk (its bars are HTML);
// 2. on an emulated slow 3G connection (Chromium network throttling through the DevTools
//    protocol) the home page shows its content (the totals) within 3 s, in English and Arabic,
//    and ECharts is not even requested before the content is shown.
// Results are printed and written to build/e2e-perf.json (docs/PERFORMANCE.md quotes them).
import { gzipSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run, assert, log, newContext, arg, webDir, SLOW_3G, emulateNetwork } from './lib.mjs';

const JS_BUDGET = 150 * 1024;
const VISIBLE_BUDGET_MS = 3000;
// SLOW_3G (lib.mjs) is WebPageTest's "3G Slow" profile: 400 ms round trip, 400 kbit/s down and
// up. (DevTools' own "Slow 3G" preset adds 2 s to every request, where no page that needs two
// round trips could show anything within 3 s; its numbers are reported too, for information.)
const DEVTOOLS_SLOW_3G = { offline: false, latency: 2000, downloadThroughput: (500 * 1000 * 0.8) / 8,
  uploadThroughput: (500 * 1000 * 0.8) / 8 };
const isEcharts = (url) => /\/assets\/echarts-[^/]*\.js$/.test(new URL(url).pathname);
const isEchartsBars = (url) => /\/assets\/echarts-bars-[^/]*\.js$/.test(new URL(url).pathname);
const CHARTS_DRAWN = '#chart-map .echart[data-ready] canvas';

async function homeWeight(browser, base) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const scripts = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  });
  await page.goto(`${base}/en/`, { waitUntil: 'networkidle' });
  await page.waitForSelector(CHARTS_DRAWN);
  const weight = { initial: 0, echarts: 0, raw: 0, files: [] };
  for (const response of scripts) {
    const body = await response.body();
    const size = gzipSync(body, { level: 9 }).length;
    weight.raw += body.length;
    weight[isEcharts(response.url()) ? 'echarts' : 'initial'] += size;
    weight.files.push({ url: new URL(response.url()).pathname, gzip: size });
  }
  weight.total = weight.initial + weight.echarts;
  await context.close();
  return weight;
}

async function timeToContent(browser, base, lang, conditions) {
  const context = await newContext(browser);
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  await emulateNetwork(page, conditions);
  let echartsAsked = null;
  const started = Date.now();
  page.on('request', (request) => {
    if (isEcharts(request.url()) && echartsAsked === null) echartsAsked = Date.now() - started;
  });
  await page.goto(`${base}/${lang}/`, { waitUntil: 'commit' });
  // Checked at every animation frame: waitForSelector's polling backs off to every 500 ms, so
  // the moment it saw could be half a second late (the same build's Arabic page measured
  // 2.6 s in one run and 3.1 s in the next, with the same requests finished at the same times).
  await page.waitForFunction(() => {
    const total = document.querySelector('[data-total="entries"] strong');
    if (!total) return false;
    const box = total.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(total).visibility !== 'hidden';
  }, null, { polling: 'raf' });
  const visible = Date.now() - started;
  await page.waitForSelector(CHARTS_DRAWN, { state: 'attached' });
  const withMap = Date.now() - started;
  await context.close();
  return { visible, echartsAsked, withMap };
}

await run('perf', async ({ server, browser }) => {
  const weight = await homeWeight(browser, server.base);
  const kb = (n) => (n / 1024).toFixed(1);
  log(`home page JavaScript: ${kb(weight.initial)} KB gzipped for its content, ECharts ${kb(weight.echarts)} KB, ` +
    `${kb(weight.total)} KB in all (budget ${kb(JS_BUDGET)} KB; ${kb(weight.raw)} KB raw) in ${weight.files.length} files`);
  for (const f of weight.files) log(`  ${f.url}: ${kb(f.gzip)} KB`);
  const results = { jsInitialGzipBytes: weight.initial, jsEchartsGzipBytes: weight.echarts, jsGzipBytes: weight.total,
    jsRawBytes: weight.raw, jsFiles: weight.files, slow3g: {}, devtoolsSlow3g: {} };
  for (const lang of ['en', 'ar']) {
    results.slow3g[lang] = await timeToContent(browser, server.base, lang, SLOW_3G);
    const r = results.slow3g[lang];
    log(`slow 3G (${lang}): content visible after ${r.visible} ms, ECharts asked for at ${r.echartsAsked} ms, map drawn after ${r.withMap} ms`);
  }
  results.devtoolsSlow3g.en = await timeToContent(browser, server.base, 'en', DEVTOOLS_SLOW_3G);
  log(`DevTools "Slow 3G" (en, information only): content visible after ${results.devtoolsSlow3g.en.visible} ms`);
  const out = join(arg('screenshots', join(webDir, '..', 'build', 'e2e-screenshots')), '..', 'e2e-perf.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2));
  assert(weight.echarts > 0, 'the home page draws its map with ECharts');
  assert(!weight.files.some((f) => isEchartsBars(`http://x${f.url}`)), 'the home page does not load ECharts\' bar chunk');
  assert(weight.initial < JS_BUDGET, `home page JavaScript for its content ${weight.initial} bytes gzipped, budget ${JS_BUDGET}`);
  assert(weight.total < JS_BUDGET, `all the home page's JavaScript ${weight.total} bytes gzipped, budget ${JS_BUDGET}`);
  for (const lang of ['en', 'ar']) {
    const r = results.slow3g[lang];
    assert(r.visible < VISIBLE_BUDGET_MS, `slow 3G (${lang}): content after ${r.visible} ms, budget ${VISIBLE_BUDGET_MS} ms`);
    // The chunk is requested once the content is on screen (the request can be logged a few
    // milliseconds before Playwright sees the totals, hence no strict order in time).
    assert(r.echartsAsked !== null && r.echartsAsked >= r.visible - 400,
      `slow 3G (${lang}): ECharts asked for at ${r.echartsAsked} ms, content at ${r.visible} ms`);
  }
}, { demoEntries: 2000 });
