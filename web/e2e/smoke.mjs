// The front end is served by wsis, renders the home page in English and in Arabic (mirrored),
// switches language keeping the page, and passes axe-core.
import { run, checkAxe, screenshot, assert, log, newContext } from './lib.mjs';

await run('smoke', async ({ server, browser }) => {
  const page = await (await newContext(browser)).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  for (const lang of ['en', 'ar']) {
    await page.goto(`${server.base}/${lang}/`);
    await page.waitForSelector('[data-total="entries"] strong');
    const total = await page.textContent('[data-total="entries"] strong');
    log(`${lang} home: ${total} entries`);
    const dir = await page.getAttribute('html', 'dir');
    assert(dir === (lang === 'ar' ? 'rtl' : 'ltr'), `dir of ${lang} is ${dir}`);
    assert((await page.getAttribute('html', 'lang')) === lang, 'html lang');
    await page.waitForSelector('svg.map path');
    await checkAxe(page, `home (${lang})`);
    await screenshot(page, `home-${lang}`);
  }

  // A page without a language gets the browser's (Accept-Language / navigator.languages).
  await page.goto(`${server.base}/search`);
  await page.waitForSelector('h1');
  assert(new URL(page.url()).pathname.startsWith('/ar/search'), `kept the last chosen language: ${page.url()}`);

  // The language switch keeps the page.
  await page.goto(`${server.base}/en/action-lines`);
  await page.waitForSelector('h1');
  await page.click('nav.languages a[hreflang="fr"]');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert(new URL(page.url()).pathname === '/fr/action-lines', `switch kept the page: ${page.url()}`);

  // Keyboard: the skip link comes first and moves focus to the content.
  await page.goto(`${server.base}/en/`);
  await page.waitForSelector('h1');
  await page.keyboard.press('Tab');
  assert((await page.evaluate(() => document.activeElement?.className)) === 'skip-link', 'skip link first');
  await page.keyboard.press('Enter');
  assert((await page.evaluate(() => document.activeElement?.id)) === 'main', 'skip link moves focus to main');
  assert(errors.length === 0, 'no page errors: ' + errors.join('; '));
}, { demoEntries: 200 });
