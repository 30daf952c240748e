// The WSIS–SDG Matrix pages in English and Arabic: the heatmap (every cell a button with its
// value, the evidence numbers equal to the API's), the keyboard path to a cell's targets and on
// to its entries in the search; a moderator accepts a guidance item with a comment, publishes a
// new version and finds it in the versions list and the comparison; the regional report's
// totals and its PDF, XLSX and CSV downloads. axe-core on every page; screenshots.
import { run, checkAxe, screenshot, assert, log, newContext } from './lib.mjs';

const MOD_EMAIL = 'matrix-moderator@example.org';
const MOD_PASSWORD = 'moderator password 1';
const CONTENT_TYPES = { pdf: 'application/pdf', csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).json(), path);
}

async function heatmap(page, base, lang) {
  await page.goto(`${base}/${lang}/matrix`);
  await page.waitForSelector('table.heatmap[data-view="reference"] button.cell');
  const evidence = await api(page, '/api/v1/matrix/evidence');
  const cells = await page.$$('table.heatmap button.cell');
  assert(cells.length === evidence.rows.length * evidence.columns.length,
    `a button per cell: ${cells.length} for ${evidence.rows.length} × ${evidence.columns.length}`);
  const linked = evidence.cells.filter((c) => c.reference).length;
  const shownLinked = await page.$$eval('table.heatmap button.cell', (bs) => bs.filter((b) => b.textContent.trim()).length);
  assert(shownLinked === linked, `reference links shown as symbols: ${shownLinked} of ${linked}`);
  const label = await page.getAttribute('table.heatmap button.cell', 'aria-label');
  assert(label && label.includes('×'), `cell label names its line, goal and value: ${label}`);
  await checkAxe(page, `matrix reference (${lang})`);
  await screenshot(page, `matrix-reference-${lang}`);

  // The evidence view: every count as the API gives it, in the page's digits.
  await page.check('input[name="view"][value="evidence"]');
  await page.waitForSelector('table.heatmap[data-view="evidence"]');
  const mismatches = await page.evaluate(({ cells, lang }) => {
    const format = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    return cells.filter((c) => document.querySelector(`button.cell[data-action-line="${c.action_line}"][data-goal="${c.goal}"]`)
      ?.textContent.trim() !== format.format(c.entries)).length;
  }, { cells: evidence.cells, lang });
  assert(mismatches === 0, `${mismatches} evidence cells differ from the API`);
  const busiest = [...evidence.cells].sort((a, b) => b.entries - a.entries)[0];
  log(`${lang}: ${evidence.total} entries, busiest cell ${busiest.action_line} × ${busiest.goal} (${busiest.entries})`);
  await page.selectOption('#matrix-measure', 'lift');
  await page.waitForFunction(() => location.search.includes('measure=lift'));
  await checkAxe(page, `matrix evidence lift (${lang})`);
  await screenshot(page, `matrix-evidence-${lang}`);

  // Keyboard: focus a cell, arrows move, Enter opens the targets.
  const cell = `button.cell[data-action-line="${busiest.action_line}"][data-goal="${busiest.goal}"]`;
  await page.focus(cell);
  await page.keyboard.press('ArrowDown');
  assert(!(await page.$eval(cell, (b) => b === document.activeElement)), 'ArrowDown moved the focus');
  await page.keyboard.press('ArrowUp');
  assert(await page.$eval(cell, (b) => b === document.activeElement), 'ArrowUp came back');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#matrix-cell table.targets tbody tr');
  assert(new URL(page.url()).searchParams.get('cell') === `${busiest.action_line}:${busiest.goal}`, 'the cell is in the address');
  assert(await page.$eval('#h-cell', (h) => h === document.activeElement), 'focus on the targets heading');
  const targets = await page.$$eval('#matrix-cell tr[data-target]', (rows) => rows.map((r) => r.dataset.target));
  assert(targets.every((t) => t.startsWith(`${busiest.goal}.`)), `targets of goal ${busiest.goal}: ${targets.join(' ')}`);
  await checkAxe(page, `matrix drill-down (${lang})`);

  // On to the entries: the search with both filters.
  await page.click('#matrix-entries');
  await page.waitForSelector('[data-facet="action_line"]');
  const url = new URL(page.url());
  assert(url.pathname === `/${lang}/search` && url.searchParams.get('action_line') === busiest.action_line
    && url.searchParams.get('sdg') === String(busiest.goal), `search with the cell's filters: ${url}`);
  await page.goBack();
  await page.waitForSelector('#matrix-cell');

  // The differences and a filter from the address.
  await page.goto(`${base}/${lang}/matrix?view=difference&region=africa`);
  await page.waitForSelector('table.heatmap[data-view="difference"] button.cell');
  assert((await page.inputValue('#matrix-region')) === 'africa', 'region filter from the address');
  const differing = await page.$$eval('button.cell[data-level^="difference-weak"], button.cell[data-level^="difference-missing"], button.cell[data-level^="difference-both"]', (b) => b.length);
  assert(differing > 0, 'some cells differ');
  await checkAxe(page, `matrix differences (${lang})`);
  await screenshot(page, `matrix-difference-${lang}`);
}

async function review(page, base, lang, comment) {
  await page.goto(`${base}/${lang}/login`);
  await page.waitForSelector('#email');
  await page.fill('#email', MOD_EMAIL);
  await page.fill('#password', MOD_PASSWORD);
  await page.click('form button[type="submit"]');
  await page.waitForSelector(`.main-nav a[href="/${lang}/matrix/review"]`);
  await page.click(`.main-nav a[href="/${lang}/matrix/review"]`);
  await page.waitForSelector('.guidance li');
  await page.waitForSelector('#versions');
  const before = await page.$$eval('#versions tr[data-version]', (rows) => rows.length);
  await checkAxe(page, `matrix review (${lang})`);

  // A decision needs a comment.
  const item = page.locator('.guidance li:has(button[data-decision="accepted"])').first();
  const name = await item.locator('h3').textContent();
  await item.locator('button[data-decision="accepted"]').click();
  await item.locator('textarea[aria-invalid="true"]').waitFor();
  await item.locator('textarea').fill(comment);
  await item.locator('button[data-decision="accepted"]').click();
  await page.waitForFunction((n) => document.querySelector('#form-alert')?.textContent.includes(n), name);
  await page.waitForSelector('#draft-edits tbody tr');
  log(`${lang}: accepted ${name}`);

  // Publish, confirmed first.
  await page.fill('#publish-note', `${comment} (${lang})`);
  await page.click('#publish');
  await page.waitForSelector('#publish-confirm');
  await checkAxe(page, `matrix review, confirming (${lang})`);
  await screenshot(page, `matrix-review-${lang}`);
  await page.click('#publish-confirm');
  await page.waitForFunction((n) => document.querySelectorAll('#versions tr[data-version]').length === n, before + 1);
  const newest = await page.$eval('#versions tr[data-version]', (r) => Number(r.dataset.version));
  assert(newest === before + 1, `version ${newest} listed first`);
  assert(!(await page.$('#draft-edits')), 'no pending change after publishing');

  // Compare it with the one before: the accepted item is the only difference.
  await page.selectOption('#compare-from', String(newest - 1));
  await page.selectOption('#compare-to', String(newest));
  await page.click('form.compare button[type="submit"]');
  await page.waitForSelector('#comparison');
  const changed = await page.$$eval('#comparison li', (li) => li.length);
  assert(changed === 1, `one link changed between versions, found ${changed}`);
  await checkAxe(page, `matrix versions compared (${lang})`);
}

async function report(page, base, lang) {
  await page.goto(`${base}/${lang}/reports?region=africa`);
  await page.waitForSelector('[data-total="entries"] strong');
  const json = await api(page, `/api/v1/reports/regions/africa?lang=${lang}`);
  const shown = await page.textContent('[data-total="entries"] strong');
  const expected = await page.evaluate(({ n, lang }) => new Intl.NumberFormat(lang).format(n), { n: json.totals.entries, lang });
  assert(shown.trim() === expected, `report total ${shown} = ${expected}`);
  assert(json.totals.entries > 0, 'the region has entries');
  await page.waitForSelector('#report-action_lines [data-chart="bar"][data-ready] svg path', { state: 'attached' });
  await checkAxe(page, `report (${lang})`);
  await screenshot(page, `report-${lang}`);
  for (const [format, type] of Object.entries(CONTENT_TYPES)) {
    const href = await page.getAttribute(`a[data-format="${format}"]`, 'href');
    assert(href.includes(`format=${format}`) && href.includes(`lang=${lang}`), `download link ${href}`);
    const response = await page.context().request.get(base + href);
    assert(response.status() === 200, `${format}: ${response.status()}`);
    assert(response.headers()['content-type'].startsWith(type), `${format}: ${response.headers()['content-type']}`);
    assert((await response.body()).length > 100, `${format}: a real file`);
  }
  // A period from the selects reaches the address and the report.
  await page.selectOption('#report-from', '2020');
  await page.selectOption('#report-to', '2024');
  await page.waitForFunction(() => location.search.includes('to=2024'));
  await page.waitForFunction(() => document.querySelector('a[data-format="pdf"]')?.getAttribute('href').includes('year=2020-2024'));
}

await run('matrix', async ({ server, browser }) => {
  server.createAdmin(MOD_EMAIL, MOD_PASSWORD);
  const comments = { ar: 'الأدلة لا تدعم هذا الرابط.', en: 'The entries do not support this link.' };
  for (const lang of ['en', 'ar']) {
    const page = await (await newContext(browser)).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await heatmap(page, server.base, lang);
    await report(page, server.base, lang);
    await review(page, server.base, lang, comments[lang]);
    assert(errors.length === 0, 'no page errors: ' + errors.join('; '));
    await page.context().close();
  }
}, { demoEntries: 200 });
