// The coordinator's indicators count the board's demand (75018, 75019, 75020) unless one arrondissement is picked,
// on the dashboard as in the API; anything else is refused. (That a request off the board leaves the figures unchanged
// is proved against the service, in referral-service's IndicatorScopeIT.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, api, apiOk, DESKTOP } from '../lib/harness.js';
import { openDashboard } from '../lib/views.js';

let browser;

after(async () => {
  await browser?.close();
});

test('the API counts the board by default, one of its arrondissements on demand, and refuses any other', async () => {
  const board = await apiOk('/api/indicators');
  assert.deepEqual(board.arrondissements, ['75018', '75019', '75020']);
  assert.ok(board.byArrondissement.every((a) => board.arrondissements.includes(a.arrondissement)), 'no area off the board');
  const one = await apiOk('/api/indicators?arrondissement=75019');
  assert.deepEqual(one.arrondissements, ['75019']);
  assert.ok(one.totals.requests <= board.totals.requests);
  for (const bad of ['75001', '00900', '91234', '7501', 'abcde']) {
    const r = await api(`/api/indicators?arrondissement=${bad}`);
    assert.equal(r.status, 400, `${bad} -> ${r.status}`);
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  }
});

test('the dashboard picks the arrondissement its indicators count', { timeout: 120000 }, async () => {
  browser = await launch();
  const page = await browser.page(DESKTOP);
  const asked = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/indicators')) asked.push(new URL(request.url()).search);
  });
  await openDashboard(page);
  const scope = page.locator('#ind-scope');
  await page.locator('#ind-requests').waitFor();
  assert.match(await scope.locator('option').first().textContent(), /Tout le territoire/);
  assert.deepEqual(await scope.locator('option').evaluateAll((options) => options.map((o) => o.value)), ['', '75018', '75019', '75020']);
  assert.ok(asked.includes(''), `the whole board first: ${asked}`);

  await scope.selectOption('75019');
  const expected = (await apiOk('/api/indicators?arrondissement=75019')).totals.requests;
  await page.waitForFunction(
    (n) => document.querySelector('#ind-requests .kpi__value')?.textContent.replace(/\s/g, '') === String(n), expected);
  assert.ok(asked.includes('?arrondissement=75019'), `then 75019 alone: ${asked}`);
  await screenshot(page, 'dashboard-indicators-75019');
  assert.deepEqual(browser.errors, [], 'no script error');
});
