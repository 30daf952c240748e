// The front end is served by wsis, renders the home page in English and in Arabic (mirrored),
// switches language keeping the page, and passes axe-core.
import { run, checkAxe, screenshot, assert, log, newContext } from './lib.mjs';

// A point inside a country drawn in the map's darkest shade (#00558c, the busiest country) on
// the home page's canvas: the centre of a 5x5 block of that colour, so that the click lands
// inside the country, not on its border. Waits until the map is painted.
async function darkestCountry(page) {
  const handle = await page.waitForFunction(() => {
    const canvas = document.querySelector('#chart-map .echart[data-ready] canvas');
    if (!canvas || !canvas.width) return null;
    canvas.scrollIntoView({ block: 'center' });
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const dark = (x, y) => {
      const i = 4 * (y * width + x);
      return data[i] === 0 && data[i + 1] === 85 && data[i + 2] === 140 && data[i + 3] === 255;
    };
    const rect = canvas.getBoundingClientRect();
    for (let y = 2; y < height - 2; y++)
      for (let x = 2; x < width - 2; x++) {
        if (!dark(x, y)) continue;
        let block = true;
        for (let dy = -2; dy <= 2 && block; dy++) for (let dx = -2; dx <= 2 && block; dx++) block = dark(x + dx, y + dy);
        if (block) return { x: rect.left + ((x + 0.5) * rect.width) / width, y: rect.top + ((y + 0.5) * rect.height) / height };
      }
    return null;
  }, null, { timeout: 10000 });
  return handle.jsonValue();
}

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
    // ECharts (its chunk loaded after the figures) draws the map on a canvas; the bars are HTML.
    await page.waitForSelector('#chart-map .echart[data-ready] canvas');
    await page.waitForSelector('#chart-sdgs [data-chart="html-bars"] li');
    await checkAxe(page, `home (${lang})`);
    await screenshot(page, `home-${lang}`);
    // The SDG bars in the goals' colours; in Arabic they grow from the right. Quality
    // education (goal 4, #C5192D) has entries in the demo data.
    const track = await page.$('#chart-sdgs [data-key="4"] .bar-track');
    const bar = await page.$('#chart-sdgs [data-key="4"] .bar');
    assert(bar && (await bar.evaluate((e) => getComputedStyle(e).backgroundColor)) === 'rgb(197, 25, 45)',
      'goal 4 drawn in its colour');
    const [c, b] = [await track.boundingBox(), await bar.boundingBox()];
    assert(b.width > 0 && b.width < c.width + 1, `bar within its track: ${JSON.stringify({ c, b })}`);
    if (lang === 'ar') assert(Math.abs(b.x + b.width - (c.x + c.width)) < 1, `Arabic bar grows from the right: ${JSON.stringify({ c, b })}`);
    else assert(Math.abs(b.x - c.x) < 1, `bar grows from the left: ${JSON.stringify({ c, b })}`);
    // Clicking a bar's label opens the search filtered by its goal, as the table's links do.
    await page.click('#chart-sdgs [data-key="4"] .bar-label a');
    await page.waitForURL((url) => url.pathname === `/${lang}/search` && url.searchParams.get('sdg') === '4');
    await page.goBack();
    // Clicking a country on the map opens the search filtered by the country.
    const country = await darkestCountry(page);
    assert(country, 'the busiest country drawn in the darkest shade');
    await page.mouse.click(country.x, country.y);
    await page.waitForURL((url) => url.pathname === `/${lang}/search` && /^[A-Z]{3}$/.test(url.searchParams.get('country') ?? ''));
    log(`${lang}: a bar and a country lead to their searches (${new URL(page.url()).search})`);
  }

  // Chinese chart labels are shown in the shipped Noto Sans SC (no system font, no CDN).
  // (In a context of its own: the next check expects Arabic to be the last language chosen.)
  const chinese = await (await newContext(browser)).newPage();
  chinese.on('pageerror', (e) => errors.push(e.message));
  await chinese.goto(`${server.base}/zh/`);
  await chinese.waitForSelector('#chart-sdgs [data-chart="html-bars"] .bar-label');
  await chinese.waitForSelector('#chart-map .echart[data-ready] canvas');
  const zh = await chinese.evaluate(async () => {
    await document.fonts.ready;
    const label = [...document.querySelectorAll('#chart-sdgs .bar-label a')].find((t) => /[\u4e00-\u9fff]/.test(t.textContent));
    return {
      label: label?.textContent,
      font: label ? getComputedStyle(label).fontFamily : '',
      loaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Noto Sans SC' && f.status === 'loaded'),
    };
  });
  assert(zh.label && zh.font.includes('Noto Sans SC') && zh.loaded, `Chinese chart labels in Noto Sans SC: ${JSON.stringify(zh)}`);
  await screenshot(chinese, 'home-zh');
  await chinese.context().close();

  // A page without a language gets the browser's (Accept-Language / navigator.languages).
  await page.goto(`${server.base}/search`);
  await page.waitForSelector('h1');
  assert(new URL(page.url()).pathname.startsWith('/ar/search'), `kept the last chosen language: ${page.url()}`);

  // A first visit without a language in the address follows the browser's languages.
  const french = await (await newContext(browser, { locale: 'fr-FR' })).newPage();
  await french.goto(`${server.base}/`);
  await french.waitForSelector('main h1');
  assert(new URL(french.url()).pathname === '/fr/', `browser language chosen: ${french.url()}`);
  await french.context().close();

  // The language switch keeps the page and its query.
  await page.goto(`${server.base}/ar/search?region=africa&sort=title`);
  await page.waitForSelector('[data-facet="region"]');
  await page.click('nav.languages a[hreflang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dir === 'ltr');
  const switched = new URL(page.url());
  assert(switched.pathname === '/en/search' && switched.searchParams.get('region') === 'africa'
    && switched.searchParams.get('sort') === 'title', `switch kept the search: ${page.url()}`);
  assert(await page.isChecked('#f-region-africa'), 'the filter is still applied');
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

  // Keyboard alone: reach the search box with Tab, pick a type-ahead suggestion with the arrow
  // keys, tick a facet with Space, open a result with Enter, register with Tab and Enter.
  const tabTo = async (test, what) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  await page.goto(`${server.base}/en/search`);
  await page.waitForSelector('[data-facet]');
  await tabTo(() => document.activeElement?.id === 'q', 'the search box');
  await page.keyboard.type('educ');
  await page.waitForSelector('#q-suggestions li');
  await page.keyboard.press('ArrowDown');
  assert((await page.getAttribute('#q', 'aria-activedescendant')) === 'q-s-0', 'arrow keys move through suggestions');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('sdg') === '4');
  await page.waitForSelector('[data-facet="region"] input');
  await tabTo(() => document.activeElement?.closest('[data-facet="region"]') !== null, 'a region checkbox');
  await page.keyboard.press('Space');
  await page.waitForURL((u) => u.searchParams.has('region') && u.searchParams.get('sdg') === '4');
  await page.waitForSelector('.results h3 a');
  await tabTo(() => document.activeElement?.matches('.results h3 a') === true, 'a result');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/en\/entries\/\d+$/);
  await page.waitForSelector('h2#h-desc');
  await checkAxe(page, 'entry (en)');
  log('keyboard: search, suggestion, facet and result reached without a mouse');

  await page.goto(`${server.base}/en/register`);
  await page.waitForSelector('#display_name');
  await tabTo(() => document.activeElement?.id === 'display_name', 'the name field');
  await page.keyboard.type('Keyboard User');
  await page.keyboard.press('Tab');
  await page.keyboard.type('keys@example.org');
  await page.keyboard.press('Tab');
  await page.keyboard.type('a long enough password');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/en\/organisation$/);
  await page.waitForSelector('#org-name');
  log('keyboard: registered without a mouse');

  // ... and creates an organisation and submits an entry, still without a mouse.
  const tabToId = (id) => tabTo(new Function(`return document.activeElement?.id === ${JSON.stringify(id)}`), id);
  await tabToId('org-name');
  await page.keyboard.type('Keyboard Cooperative');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // the first stakeholder type
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nep'); // type-to-select in the country list
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // implicit submission from the website field
  await page.waitForSelector('h1:has-text("Keyboard Cooperative")');
  await page.goto(`${server.base}/en/submit`);
  await page.waitForSelector('#f-type');
  await tabToId('f-type');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard-made entry');
  await page.keyboard.press('Tab'); // language: stays English
  await page.keyboard.press('Tab');
  await page.keyboard.type('Written without a mouse.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // Next, from the year field
  await page.waitForSelector('#f-countries-filter');
  await tabToId('f-countries-filter');
  await page.keyboard.type('Nepal');
  await page.keyboard.press('Tab'); // the first (and selected-first) match
  await page.keyboard.press('Space');
  await tabTo(() => document.activeElement?.closest('#f-action_lines') !== null, 'an action line');
  await page.keyboard.press('Space');
  await tabTo(() => document.activeElement?.closest('#f-sdg_goals') !== null, 'a goal');
  await page.keyboard.press('Space');
  await tabTo(() => document.activeElement?.textContent?.includes('Next') === true, 'Next');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#f-website');
  await tabToId('f-website');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-action="save-submit"]');
  await tabTo(() => document.activeElement?.getAttribute('data-action') === 'save-submit', 'Save and submit');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/en\/entries\/\d+$/);
  await page.waitForSelector('.status[data-state="submitted"]');
  log('keyboard: organisation created and entry submitted without a mouse');
  assert(errors.length === 0, 'no page errors: ' + errors.join('; '));
}, { demoEntries: 200 });
