// The whole publishing path in the browser, in Arabic and in English: register, create an
// organisation, submit an entry (with a server-side field error, validation as you type and a
// draft that survives a reload), a moderator returns it with a comment, the owner fixes it, the
// moderator publishes it, and it is found by search and counted on the home page's map.
// axe-core runs on every page visited, in both languages; screenshots go to --screenshots.
import { run, checkAxe, screenshot, assert, log, newContext } from './lib.mjs';

const MOD_EMAIL = 'moderator@example.org';
const MOD_PASSWORD = 'moderator password 1';

const TEXT = {
  ar: { title: 'منصة رقمية لتعليم الأطفال في المناطق الريفية', fixed: 'منصة رقمية لتعليم الأطفال في القرى', org: 'جمعية المعرفة الرقمية',
    description: 'يوفر المشروع دروسًا عبر الهاتف المحمول للأطفال في القرى.', comment: 'يرجى توضيح العنوان.', word: 'منصة',
    country: 'MRT' },
  en: { title: 'Mobile lessons for rural schools', fixed: 'Mobile lessons for rural primary schools', org: 'Digital Learning Trust',
    description: 'The project sends lessons to phones in rural schools.', comment: 'Please say which schools.', word: 'lessons',
    country: 'NPL', french: 'Cours sur mobile pour les écoles rurales' },
};

async function mapCount(page, base, lang, country) {
  await page.goto(`${base}/${lang}/`);
  await page.waitForSelector('#chart-map table', { state: 'attached' });
  const cell = await page.$(`#chart-map tr[data-key="${country}"] td[data-value]`);
  return cell ? Number(await cell.getAttribute('data-value')) : 0;
}

async function expectNoErrors(page, what) {
  const invalid = await page.$$eval('[aria-invalid="true"]', (els) => els.map((e) => e.id));
  assert(invalid.length === 0, `${what}: invalid fields ${invalid.join(', ')}`);
}

async function flow({ server, browser }, lang) {
  const base = server.base;
  const t = TEXT[lang];
  // The owner, the moderator and an anonymous reader each have their own browser session.
  const owner = await (await newContext(browser)).newPage();
  const errors = [];
  owner.on('pageerror', (e) => errors.push(e.message));
  const before = await mapCount(owner, base, lang, t.country);

  // Register (validation first: an empty form names its fields).
  await owner.goto(`${base}/${lang}/register`);
  await owner.waitForSelector('#display_name');
  await checkAxe(owner, `register (${lang})`);
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('#email[aria-invalid="true"]');
  assert((await owner.getAttribute('#email', 'aria-describedby'))?.includes('email-error'), 'error tied to the email field');
  assert((await owner.textContent('#form-alert')).trim().length > 0, 'form alert announced');
  await screenshot(owner, `register-errors-${lang}`);
  await owner.fill('#display_name', lang === 'ar' ? 'سلمى' : 'Salma');
  await owner.fill('#email', `owner-${lang}@example.org`);
  await owner.fill('#password', 'a long enough password');
  await owner.click('form button[type="submit"]');

  // Organisation (needed before submitting entries).
  await owner.waitForSelector('#org-name');
  assert(new URL(owner.url()).pathname === `/${lang}/organisation`, 'registration leads to the organisation page');
  await checkAxe(owner, `create organisation (${lang})`);
  await owner.fill('#org-name', t.org);
  await owner.selectOption('#org-stakeholder_type', 'civil-society');
  await owner.selectOption('#org-country', t.country);
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector(`h1:has-text("${t.org}")`);
  await checkAxe(owner, `organisation (${lang})`);
  await screenshot(owner, `organisation-${lang}`);

  // Submit: step 1, with "Next" refusing an empty step.
  await owner.goto(`${base}/${lang}/submit`);
  await owner.waitForSelector('#f-title');
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('#f-title[aria-invalid="true"]');
  await checkAxe(owner, `submit step 1 with errors (${lang})`);
  await screenshot(owner, `submit-errors-${lang}`);
  await owner.selectOption('#f-type', 'project');
  // A control character passes the browser's checks but not the server's: its per-field error
  // must come back beside the title.
  await owner.fill('#f-title', t.title + '\u0007');
  await owner.fill('#f-description', t.description);
  await owner.selectOption('#f-project_status', 'ongoing');
  // The draft survives a reload.
  await owner.waitForFunction(() => localStorage.getItem('wsis-draft:new')?.includes('ongoing'));
  await owner.reload();
  await owner.waitForSelector('#f-title');
  assert((await owner.inputValue('#f-title')) === t.title + '\u0007', 'reload kept the draft title');
  assert((await owner.inputValue('#f-project_status')) === 'ongoing', 'reload kept the draft status');
  await expectNoErrors(owner, 'restored step 1');
  await owner.click('form button[type="submit"]');

  // Step 2: countries, action line, goal.
  await owner.waitForSelector('#f-countries');
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('#f-countries[aria-invalid="true"]');
  await owner.check(`#f-countries input[value="${t.country}"]`);
  await owner.check('#f-action_lines input[value="C7-e-learning"]');
  await owner.check('#f-sdg_goals input[value="4"]');
  await owner.waitForSelector('#f-sdg_targets');
  await owner.check('#f-sdg_targets input[value="4.1"]');
  await expectNoErrors(owner, 'step 2');
  await checkAxe(owner, `submit step 2 (${lang})`);
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('#f-website');
  await owner.fill('#f-website', 'not a url');
  await owner.waitForSelector('#f-website[aria-invalid="true"]'); // checked as you type
  await owner.fill('#f-website', 'https://example.org/lessons');
  if (t.french) await owner.fill('#f-tr-fr-title', t.french);
  await expectNoErrors(owner, 'step 3');
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('[data-action="save-submit"]');
  await checkAxe(owner, `submit review (${lang})`);
  await screenshot(owner, `submit-review-${lang}`);
  await owner.click('[data-action="save-submit"]');

  // The server refuses the title: back on step 1 with the message beside the field.
  await owner.waitForSelector('#f-title[aria-invalid="true"]');
  const describedBy = await owner.getAttribute('#f-title', 'aria-describedby');
  const serverMessage = await owner.textContent('#f-title-error');
  assert(describedBy.includes('f-title-error') && serverMessage.trim().length > 0, 'server error beside the title');
  log(`${lang}: server error on the title: ${serverMessage}`);
  assert((await owner.evaluate(() => localStorage.getItem('wsis-draft:new'))) !== null, 'draft kept after a failed save');
  await owner.fill('#f-title', t.title);
  for (let i = 0; i < 3; i++) await owner.click('form button[type="submit"]');
  await owner.waitForSelector('[data-action="save-submit"]');
  await owner.click('[data-action="save-submit"]');
  await owner.waitForURL(/\/entries\/\d+$/);
  const id = Number(owner.url().split('/').pop());
  await owner.waitForSelector('.status[data-state="submitted"]');
  assert((await owner.evaluate(() => localStorage.getItem('wsis-draft:new'))) === null, 'draft dropped after saving');
  log(`${lang}: entry ${id} submitted`);
  await checkAxe(owner, `entry, owner view (${lang})`);

  // The moderator returns it with a comment.
  const mod = await (await newContext(browser)).newPage();
  await login(mod, base, lang);
  await mod.goto(`${base}/${lang}/moderation`);
  const card = `.review[data-entry-id="${id}"]`;
  await mod.waitForSelector(card);
  await checkAxe(mod, `moderation queue (${lang})`);
  await screenshot(mod, `moderation-${lang}`);
  await mod.click(`${card} [data-action="return"]`); // without a comment: refused, focus on the comment
  await mod.waitForSelector(`${card} textarea[aria-invalid="true"]`);
  await mod.fill(`${card} textarea`, t.comment);
  await mod.click(`${card} [data-action="return"]`);
  await mod.waitForSelector(card, { state: 'detached' });

  // The owner sees it returned with the comment, fixes the title and submits again.
  await owner.goto(`${base}/${lang}/my-entries`);
  await owner.waitForSelector(`[data-entry-id="${id}"] .status[data-state="returned"]`);
  await checkAxe(owner, `my entries (${lang})`);
  await screenshot(owner, `my-entries-${lang}`);
  await owner.goto(`${base}/${lang}/entries/${id}`);
  await owner.waitForSelector(`td:has-text("${t.comment}")`);
  assert((await owner.textContent('[data-return-comment]')).includes(t.comment), 'the return comment is shown on top');
  await owner.click('a.button[href$="/edit"]');
  await owner.waitForSelector('#f-title');
  assert((await owner.inputValue('#f-title')) === t.title, 'edit form starts from the entry');
  await owner.fill('#f-title', t.fixed);
  for (let i = 0; i < 3; i++) await owner.click('form button[type="submit"]');
  await owner.click('[data-action="save-submit"]');
  await owner.waitForSelector(`h1:has-text("${t.fixed}")`);
  await owner.waitForSelector('.status[data-state="submitted"]');

  // The moderator sees the difference field by field and publishes.
  await mod.goto(`${base}/${lang}/moderation`);
  await mod.waitForSelector(`${card} tr[data-field="title"]`);
  assert((await mod.textContent(`${card} tr[data-field="title"] ins`)) === t.fixed, 'difference shows the new title');
  assert((await mod.textContent(`${card} tr[data-field="title"] del`)) === t.title, 'difference shows the old title');
  await screenshot(mod, `moderation-diff-${lang}`);
  await mod.click(`${card} [data-action="publish"]`);
  await mod.waitForSelector(card, { state: 'detached' });

  // Anyone finds it by search, in this language, and the map counts it.
  const reader = await (await newContext(browser)).newPage();
  await reader.goto(`${base}/${lang}/search`);
  await reader.waitForSelector('#q');
  await reader.fill('#q', t.word);
  await reader.press('#q', 'Enter');
  await reader.waitForURL((u) => u.searchParams.get('q') === t.word);
  await reader.waitForSelector(`[data-facet="country"] input[id="f-country-${t.country}"]`);
  await reader.check(`#f-country-${t.country}`);
  await reader.waitForURL((u) => u.searchParams.get('country') === t.country);
  await reader.waitForSelector(`.results [data-entry-id="${id}"]`);
  assert((await reader.textContent(`.results [data-entry-id="${id}"] h3`)).includes(t.fixed), 'found with its title');
  assert(await reader.$(`.results [data-entry-id="${id}"] mark`), 'the searched word is marked in the result');
  await checkAxe(reader, `search with filters (${lang})`);
  await screenshot(reader, `search-${lang}`);
  // The back button restores the previous search.
  await reader.goBack();
  await reader.waitForFunction(() => !new URL(location.href).searchParams.has('country'));
  assert((await reader.inputValue('#q')) === t.word, 'back keeps the query');
  await reader.goto(`${base}/${lang}/entries/${id}`);
  await reader.waitForSelector('.echart.map.small[data-ready] canvas');
  await checkAxe(reader, `entry (${lang})`);
  await screenshot(reader, `entry-${lang}`);
  if (t.french) {
    // The translation given in the form is what a French reader sees.
    await reader.goto(`${base}/fr/entries/${id}`);
    await reader.waitForSelector(`h1:has-text("${t.french}")`);
    assert((await reader.getAttribute('h1', 'lang')) === 'fr', 'translated title marked as French');
  }
  const after = await mapCount(reader, base, lang, t.country);
  assert(after === before + 1, `map count for ${t.country}: ${before} → ${after}`);
  log(`${lang}: published entry ${id} found by search and counted on the map (${before} → ${after})`);

  // API tokens: created, shown once, revoked.
  await owner.goto(`${base}/${lang}/account`);
  await owner.waitForSelector('#token-name');
  await owner.fill('#token-name', 'script');
  await owner.click('form button[type="submit"]');
  await owner.waitForSelector('[data-token]');
  assert(/^wsis_/.test(await owner.textContent('[data-token]')), 'token shown once');
  await checkAxe(owner, `account and tokens (${lang})`);
  await owner.click('td button');
  await owner.waitForSelector('[data-token]', { state: 'detached' });

  // The remaining pages pass axe too (logged in as the moderator: every menu item shows).
  for (const path of ['', 'action-lines', 'sdgs', 'login', 'no-such-page']) {
    await mod.goto(`${base}/${lang}/${path}`);
    await mod.waitForSelector('main h1');
    await mod.waitForLoadState('networkidle');
    await checkAxe(mod, `/${lang}/${path} (${lang})`);
  }
  await screenshot(mod, `sdgs-${lang}`);

  // Log out.
  await owner.click('.main-nav button.link-button');
  await owner.waitForSelector(`.main-nav a[href="/${lang}/login"]`);
  assert(errors.length === 0, 'no page errors: ' + errors.join('; '));
  await Promise.all([owner.context().close(), mod.context().close(), reader.context().close()]);
}

async function login(page, base, lang) {
  await page.goto(`${base}/${lang}/login`);
  await page.waitForSelector('#email');
  await page.fill('#email', MOD_EMAIL);
  await page.fill('#password', MOD_PASSWORD);
  await page.click('form button[type="submit"]');
  await page.waitForSelector(`.main-nav a[href="/${lang}/moderation"]`);
}

await run('flows', async (env) => {
  env.server.createAdmin(MOD_EMAIL, MOD_PASSWORD);
  for (const lang of ['ar', 'en']) await flow(env, lang);
}, { demoEntries: 100 });
