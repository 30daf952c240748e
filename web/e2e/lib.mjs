// Shared by the end-to-end tests: the real `wsis serve` on 127.0.0.1 with an ephemeral port and
// a temporary data directory, Debian's Chromium driven by playwright-core, axe-core checks and
// screenshots. Arguments: --wsis PATH (the server binary), --screenshots DIR.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer({ demoEntries = 0, serveArgs = [] } = {}) {
  const wsis = arg('wsis', join(webDir, '..', 'build', 'src', 'app', 'wsis'));
  const webRoot = join(webDir, 'dist');
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no front end in ${webRoot}: run scripts/build.sh first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'wsis-e2e-'));
  if (demoEntries) {
    const r = spawnSync(wsis, ['demo', '--entries', String(demoEntries), '--seed', '1', '--data-dir', dataDir]);
    if (r.status !== 0) throw new Error('wsis demo failed: ' + r.stderr);
  }
  const portFile = join(dataDir, 'port');
  const child = spawn(wsis, ['serve', '--listen', '127.0.0.1:0', '--port-file', portFile, '--data-dir', dataDir,
    '--web-root', webRoot, '--no-access-log', '--log-level', 'warn', ...serveArgs], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 300; i++) {
    if (exited) throw new Error('wsis serve exited at start-up');
    try {
      const port = Number(readFileSync(portFile, 'utf8').trim());
      if (port > 0) {
        const base = `http://127.0.0.1:${port}`;
        return {
          base,
          dataDir,
          wsis,
          createAdmin(email, password) {
            const r = spawnSync(wsis, ['admin', 'create', '--email', email, '--password-stdin', '--name', 'Moderator',
              '--data-dir', dataDir], { input: password + '\n' });
            if (r.status !== 0) throw new Error('wsis admin create failed: ' + r.stderr + r.stdout);
          },
          async stop() {
            if (!exited) {
              child.kill('SIGTERM');
              for (let j = 0; j < 100 && !exited; j++) await sleep(50);
            }
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      }
    } catch {
      // no port file yet
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('wsis serve did not start within 15 s');
}

export async function launchBrowser() {
  // playwright-core's launch gives Chromium a fresh temporary profile (its --user-data-dir) and
  // removes it on close. Without the background-networking flags Chromium keeps calling Google
  // services, which a closed test network turns into long timeouts.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions'],
  });
  return browser;
}

/** A separate browser session (its own cookies and storage): one per person in a flow. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10000);
  return context;
}

// WebPageTest's "3G Slow" profile: 400 ms round trip, 400 kbit/s down and up, for the
// DevTools protocol's Network.emulateNetworkConditions (perf.mjs, prizes.mjs).
export const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

/** Throttles the page's network to the given conditions with its cache off, as on a first visit;
 *  `off()` gives it back its full speed (the cache stays off). */
export async function emulateNetwork(page, conditions) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', conditions);
  return {
    off: () => cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
      uploadThroughput: -1 }),
  };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is now: WCAG 2.0-2.2 A and AA rules; fails on any violation. */
export async function checkAxe(page, label) {
  // Evaluated through the DevTools protocol, which the server's Content-Security-Policy does not
  // block (an injected <script> would be), so the app itself runs under the real policy.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').split('\n')[1]) }));
  });
  if (result.length) {
    throw new Error(`axe found ${result.length} violation(s) on ${label}:\n` + JSON.stringify(result, null, 2));
  }
  log(`axe: no violation on ${label}`);
}

export async function screenshot(page, name) {
  const dir = arg('screenshots', join(webDir, '..', 'build', 'e2e-screenshots'));
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export function log(...parts) {
  console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

export function assert(condition, message) {
  if (!condition) throw new Error('assertion failed: ' + message);
}

/** Runs a test body with a server and a browser, cleaning both up; exits non-zero on failure. */
export async function run(name, body, options) {
  let server, browser;
  const started = Date.now();
  try {
    server = await startServer(options);
    browser = await launchBrowser();
    await body({ server, browser });
    log(`${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`${name}: FAILED`, error);
    process.exitCode = 1;
    // What each open page showed when it failed, for the person reading the log.
    let n = 0;
    for (const context of browser?.contexts() ?? [])
      for (const page of context.pages()) {
        console.error(`open page ${++n}: ${page.url()}`);
        await screenshot(page, `FAILED-${name}-${n}`).catch(() => undefined);
      }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}
