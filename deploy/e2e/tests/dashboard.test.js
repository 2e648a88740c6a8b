// The coordinator's dashboard marks an overdue count in red WITH an icon and words, and speaks French by
// default and English on demand (kept across a reload, <html lang> following).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, createFacility, retireFacility, tokens, BASE_URL, DESKTOP } from '../lib/harness.js';
import { openDashboard, signIn } from '../lib/views.js';

const created = [];
let browser;

after(async () => {
  await browser?.close();
  for (const id of created) await retireFacility(id);
});

test('the dashboard marks a stale facility and switches between French and English', { timeout: 120000 }, async () => {
  // Never reported: overdue from the start.
  const stale = await createFacility({ arrondissement: '75020', totalPlaces: 8, label: 'E2E Stale' });
  created.push(stale.id);
  browser = await launch();
  const page = await browser.page(DESKTOP);
  await openDashboard(page);

  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.locator('h1').textContent(), /Places ce soir/);
  const row = page.locator(`tr[data-facility="${stale.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-stale'), 'true');
  assert.match(await row.getAttribute('class'), /is-stale/);
  const updated = row.locator('td[data-col="updated"]');
  assert.match(await updated.textContent(), /En retard/, 'the overdue state is written, not only coloured');
  assert.equal(await updated.locator('svg.icon--alert').count(), 1, 'with a warning icon');
  const color = await updated.locator('.stale').evaluate((el) => getComputedStyle(el).color);
  assert.equal(color, 'rgb(140, 29, 23)', 'and in red');
  assert.ok(await page.locator(`#facility-map .marker[data-facility="${stale.id}"][data-state="stale"]`).count() === 1,
    'the map marks it too');
  await page.locator('#filter-stale').check();
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, 'dashboard-1-stale-fr');
  await page.locator('#filter-stale').uncheck();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('h1').textContent(), /Places tonight/);
  assert.match(await row.locator('td[data-col="updated"]').textContent(), /Overdue/);
  assert.match(await page.locator('#facilities-head').textContent(), /Last count/);
  await page.reload();
  await page.locator(`tr[data-facility="${stale.id}"]`).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is kept');
  await screenshot(page, 'dashboard-2-en');

  await page.getByRole('button', { name: 'Passer en français' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.locator('h1').textContent(), /Places ce soir/);
  assert.deepEqual(browser.errors, [], 'no script error');
});

// An admin lands on the dashboard too, but holds, indicators and the nightly history are the coordination's: the board
// shows without those parts, and without asking for them (no "not allowed" box, no refused request).
test('an admin gets the board without the coordination\'s parts', { timeout: 60000 }, async () => {
  browser ??= await launch();
  const page = await browser.page(DESKTOP);
  const refused = [];
  page.on('response', (r) => { if (r.status() === 403) refused.push(new URL(r.url()).pathname); });
  await signIn(page, tokens.admin());
  await page.goto(`${BASE_URL}/`);
  await page.locator('#live-badge[data-state="live"]').waitFor();
  await page.locator('#facilities-body tr').first().waitFor();
  for (const part of ['#activity-title', '#holds-title', '#trend']) {
    assert.equal(await page.locator(part).isVisible(), false, `${part} is not shown to an admin`);
  }
  assert.deepEqual(refused, [], 'nothing refused');
  await screenshot(page, 'dashboard-3-admin');
});
