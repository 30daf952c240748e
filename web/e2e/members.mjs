// A focal point manages the organisation's members (web/src/pages/Members.tsx), in English and
// Arabic, by keyboard: reaches the page from the organisation page, is told by the server that
// an unknown email has no account, adds a colleague, makes them a focal point and takes it back,
// removes them after a confirmation; the organisation's only focal point cannot step down.
// A plain contributor is refused, by the page and by the API. axe on every state; screenshots.
import { run, checkAxe, screenshot, assert, log, newContext } from './lib.mjs';

const PASSWORD = 'a long enough password';
const NAMES = { en: { focal: 'Fatou', colleague: 'Carlos', plain: 'Pat' }, ar: { focal: 'فاطمة', colleague: 'كريم', plain: 'باسل' } };

// A user registered through the API in a browser context of their own (logged in there).
async function account(browser, base, lang, who) {
  const context = await newContext(browser);
  const email = `${who}-${lang}@example.org`;
  const response = await context.request.post(`${base}/api/v1/auth/register`, {
    data: { email, password: PASSWORD, display_name: NAMES[lang][who], language: lang },
  });
  assert(response.status() === 201, `register ${email}: ${response.status()}`);
  const session = await response.json();
  return { context, email, id: session.user.id, csrf: session.csrf_token, page: await context.newPage() };
}

const roleOf = (page, id) => page.getAttribute(`tr[data-user="${id}"] td[data-role]`, 'data-role');

async function pressOn(page, selector, key = 'Enter') {
  await page.focus(selector);
  await page.keyboard.press(key);
}

async function members({ server, browser }, lang) {
  const base = server.base;
  const focal = await account(browser, base, lang, 'focal');
  const colleague = await account(browser, base, lang, 'colleague');
  const plain = await account(browser, base, lang, 'plain');
  const errors = [];
  focal.page.on('pageerror', (e) => errors.push(e.message));
  plain.page.on('pageerror', (e) => errors.push(e.message));
  const created = await focal.context.request.post(`${base}/api/v1/organisations`, {
    data: { name: `Members ${lang}`, stakeholder_type: 'civil-society', country: 'SEN' },
    headers: { 'X-CSRF-Token': focal.csrf },
  });
  assert(created.status() === 201, `organisation: ${created.status()}`);
  const org = (await created.json()).id;
  const page = focal.page;

  // From the organisation page, by keyboard.
  await page.goto(`${base}/${lang}/organisation`);
  await page.waitForSelector('#manage-members');
  await pressOn(page, '#manage-members');
  await page.waitForSelector('table.members tbody tr');
  assert(new URL(page.url()).pathname === `/${lang}/organisations/${org}/members`, `members page: ${page.url()}`);
  assert((await roleOf(page, focal.id)) === 'focal_point', 'the creator is its focal point');
  // The only focal point can neither step down nor be removed, and is told why.
  const ownButtons = await page.$$eval(`tr[data-user="${focal.id}"] button`, (bs) => bs.map((b) => b.disabled));
  assert(ownButtons.length === 2 && ownButtons.every(Boolean), `own buttons disabled: ${ownButtons}`);
  assert(await page.isVisible('#members-last-focal'), 'the last focal point rule is said');
  await checkAxe(page, `members (${lang})`);

  // An unknown email: the server's field error, beside the field. Email → checkbox → button by Tab.
  await page.focus('#member-email');
  await page.keyboard.type(`nobody-${lang}@example.org`);
  await page.keyboard.press('Tab');
  assert((await page.evaluate(() => document.activeElement?.id)) === 'member-focal', 'Tab reaches the focal point box');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#member-email[aria-invalid="true"]');
  assert((await page.getAttribute('#member-email', 'aria-describedby'))?.includes('member-email-error'), 'error tied to the field');
  await checkAxe(page, `members, add error (${lang})`);

  // Add the colleague.
  await page.fill('#member-email', colleague.email);
  await pressOn(page, '#member-email', 'Enter');
  await page.waitForSelector(`tr[data-user="${colleague.id}"]`);
  assert((await roleOf(page, colleague.id)) === 'member', 'added as a member');
  assert((await page.textContent('#members-status')).includes(NAMES[lang].colleague), 'the addition is announced');

  // Make them a focal point, then take it back (Space on a button works as Enter does).
  const toggle = `tr[data-user="${colleague.id}"] button:first-of-type`;
  await pressOn(page, toggle, 'Space');
  await page.waitForFunction((id) => document.querySelector(`tr[data-user="${id}"] td[data-role="focal_point"]`), colleague.id);
  // With two focal points, the first may step down: its buttons are enabled now.
  assert(!(await page.isDisabled(`tr[data-user="${focal.id}"] button:first-of-type`)), 'two focal points: own button enabled');
  const me = await colleague.context.request.get(`${base}/api/v1/users/me`);
  assert((await me.json()).roles.includes('focal_point'), 'the colleague has the focal point role');
  await screenshot(page, `members-${lang}`);
  await pressOn(page, toggle);
  await page.waitForFunction((id) => document.querySelector(`tr[data-user="${id}"] td[data-role="member"]`), colleague.id);

  // Remove, after a confirmation that takes the focus.
  await pressOn(page, `tr[data-user="${colleague.id}"] button:nth-of-type(2)`);
  await page.waitForSelector(`#confirm-remove-${colleague.id}`);
  // The focus moves to the confirmation (after the render, hence a wait rather than a read).
  await page.waitForFunction((id) => document.activeElement?.id === id, `confirm-remove-${colleague.id}`, { timeout: 5000 });
  await checkAxe(page, `members, confirming (${lang})`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`tr[data-user="${colleague.id}"]`, { state: 'detached' });
  const after = await colleague.context.request.get(`${base}/api/v1/users/me`);
  assert((await after.json()).organisation_id === null, 'the colleague belongs to no organisation');
  await checkAxe(page, `members, removed (${lang})`);
  log(`${lang}: focal point added, promoted, demoted and removed a member by keyboard`);

  // A plain contributor: refused by the page (no list, no form) and by the API.
  await plain.page.goto(`${base}/${lang}/organisations/${org}/members`);
  await plain.page.waitForSelector('[data-refused]');
  assert(!(await plain.page.$('table.members')) && !(await plain.page.$('#member-email')), 'nothing to manage shown');
  await checkAxe(plain.page, `members refused (${lang})`);
  await screenshot(plain.page, `members-refused-${lang}`);
  for (const [method, path, data] of [['post', '', { email: plain.email }], ['patch', `/${focal.id}`, { focal_point: false }],
    ['delete', `/${focal.id}`, undefined]]) {
    const r = await plain.context.request[method](`${base}/api/v1/organisations/${org}/members${path}`,
      { data, headers: { 'X-CSRF-Token': plain.csrf } });
    assert(r.status() === 403, `contributor ${method} members${path}: ${r.status()}`);
  }
  assert((await roleOf(page, focal.id)) === 'focal_point', 'still the focal point');
  assert(errors.length === 0, 'no page errors: ' + errors.join('; '));
  await Promise.all([focal.context.close(), colleague.context.close(), plain.context.close()]);
}

await run('members', async (env) => {
  for (const lang of ['en', 'ar']) await members(env, lang);
});
