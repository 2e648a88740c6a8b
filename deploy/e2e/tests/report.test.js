// The coordinator's history on the pages: referrals made tonight in 75018-75020 (held, arrived, declined, cancelled),
// tonight's night recomputed (POST /api/indicators/daily/recompute), then the dashboard's 30-night chart shows each
// night with the numbers GET /api/indicators/daily returns (summed over arrondissements and kinds), its CSV button
// saves the API's CSV with the same rows, its stale list names the API's stale reporters, and the monthly report
// (/report/) shows the month's figures in French and in English, and prints without the navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  launch, screenshot, api, apiOk, eventually, createFacility, retireFacility, patrolIn, tokens, BASE_URL, DESKTOP, PHONE, randomUUID,
} from '../lib/harness.js';
import { signIn, openDashboard } from '../lib/views.js';

const COUNTS = ['requests', 'unmet', 'holds', 'arrivals'];
const created = [];
const referrals = [];
let browser;
let night;

const number = (text) => Number(String(text).replace(/\s/g, '').replace(',', '.'));

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field); records.push(record); record = []; field = ''; i += 1;
    } else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i]])));
}

/** The rows of one night summed, as the pages sum them; null when the night has no row. */
function nightSum(rows, day) {
  const mine = rows.filter((r) => r.day === day);
  if (!mine.length) return null;
  return Object.fromEntries(COUNTS.map((k) => [k, mine.reduce((n, r) => n + (r[k] ?? 0), 0)]));
}

function eachDay(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

async function request(patrolId, arrondissement) {
  const body = {
    patrolId, personCode: `RP-${randomUUID().slice(0, 8)}`, arrondissement,
    needs: { gender: 'MAN', couple: false, pet: false, wheelchair: false, activeUse: false }, kinds: ['EMERGENCY_SHELTER'],
  };
  const posted = await apiOk('/api/referrals', { method: 'POST', body, token: tokens.patrol(patrolId), headers: { 'Idempotency-Key': randomUUID() } });
  referrals.push({ id: posted.id, patrolId });
  return eventually(async () => {
    const r = await apiOk(`/api/referrals/${posted.id}`);
    return ['HELD', 'WAITLISTED'].includes(r.status) ? r : null;
  }, { timeout: 30000, what: `referral ${posted.id} matched` });
}

before(async () => {
  // Places of our own on the board, so the requests below are held tonight.
  for (const arrondissement of ['75018', '75019', '75020']) {
    created.push((await createFacility({ arrondissement, free: 3, totalPlaces: 10, label: 'E2E Rapport' })).id);
  }
  await eventually(async () => {
    const board = (await apiOk('/api/capacity')).facilities || [];
    return created.every((id) => board.some((f) => f.id === id && f.free === 3));
  }, { what: 'the report test facilities on the live board' });
  // One of each outcome in each arrondissement: arrived, declined for safety, cancelled by the patrol.
  for (const arrondissement of ['75018', '75019', '75020']) {
    const patrol = await patrolIn(arrondissement, 0);
    const arrived = await request(patrol.id, arrondissement);
    if (arrived.status === 'HELD') {
      await apiOk(`/api/referrals/${arrived.id}/arrival`, { method: 'POST', body: { facilityId: arrived.facilityId }, token: tokens.operator(arrived.facilityId) });
    }
    const declined = await request(patrol.id, arrondissement);
    if (declined.status === 'HELD') {
      await apiOk(`/api/referrals/${declined.id}/decline`, { method: 'POST', body: { reason: 'SAFETY' }, token: tokens.operator(declined.facilityId) });
    }
    const cancelled = await request(patrol.id, arrondissement);
    await apiOk(`/api/referrals/${cancelled.id}/cancel`, { method: 'POST', token: tokens.patrol(patrol.id), headers: { 'Idempotency-Key': randomUUID() } });
  }
  // Tonight's night is the last of the default window; recompute it now rather than wait for the job.
  night = (await apiOk('/api/indicators/daily')).to;
  const recomputed = await api(`/api/indicators/daily/recompute?day=${night}`, { method: 'POST' });
  assert.ok(recomputed.status >= 200 && recomputed.status < 300, `recompute ${night}: ${recomputed.status} ${JSON.stringify(recomputed.body)}`);
  await eventually(async () => (nightSum((await apiOk('/api/indicators/daily')).rows, night)?.requests ?? 0) >= 9,
    { timeout: 30000, what: `the night of ${night} counting the 9 requests made in 75018-75020` });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const r of referrals) {
    await api(`/api/referrals/${r.id}/cancel`, { method: 'POST', token: tokens.patrol(r.patrolId), headers: { 'Idempotency-Key': randomUUID() } }).catch(() => {});
  }
  for (const id of created) await retireFacility(id);
});

test('the dashboard draws each of the 30 nights with the numbers the API returns, and lists its stale reporters', { timeout: 120000 }, async () => {
  const page = await browser.page(DESKTOP);
  await openDashboard(page);
  await page.locator(`#trend-chart g.trend-night[data-day="${night}"][data-known="true"]`).waitFor();
  const daily = await apiOk('/api/indicators/daily');
  const days = eachDay(daily.from, daily.to);
  assert.equal(days.length, 30, `30 nights by default (${daily.from} to ${daily.to})`);

  const drawn = await page.$$eval('#trend-chart g.trend-night', (groups) => groups.map((g) => ({
    day: g.dataset.day, known: g.dataset.known === 'true',
    requests: g.dataset.requests, unmet: g.dataset.unmet, holds: g.dataset.holds, arrivals: g.dataset.arrivals,
    title: g.querySelector('title')?.textContent || '',
    bars: g.querySelectorAll('rect.trend-bar').length, marks: g.querySelectorAll('.trend-mark').length,
  })));
  assert.deepEqual(drawn.map((d) => d.day), days, 'one point per night, oldest first');
  for (const d of drawn) {
    const expected = nightSum(daily.rows, d.day);
    assert.equal(d.known, expected != null, `${d.day}: drawn as known only when the API has rows`);
    if (!expected) continue;
    for (const k of COUNTS) assert.equal(Number(d[k]), expected[k], `${d.day} ${k}`);
    assert.equal(d.marks, 2, `${d.day}: a placement and an arrival marker`);
    assert.match(d.title, new RegExp(`${expected.requests} demandes, ${expected.unmet} faute de place, ${expected.holds} placements, ${expected.arrivals} arrivées`));
  }
  const tonight = nightSum(daily.rows, night);
  assert.ok(tonight.requests >= 9 && drawn.find((d) => d.day === night).bars >= 1, 'tonight has its requests bar');

  // The same numbers as text: the table under the chart, and the chart's description for screen readers.
  const row = page.locator(`#trend-table tr[data-day="${night}"]`);
  for (const k of COUNTS) assert.equal(number(await row.locator(`td[data-series="${k}"]`).textContent()), tonight[k], `table ${k}`);
  assert.equal(await page.locator('#trend-chart svg.trend-chart').getAttribute('role'), 'img');
  assert.match(await page.locator('#trend-desc').textContent(), /Sur 30 nuits/);
  assert.deepEqual(await page.locator('#trend .chart-legend li').evaluateAll((items) => items.map((li) => li.dataset.series)), COUNTS);

  // Stale reporters: every facility the API names over the window, with its longest delay.
  const stale = (await apiOk(`/api/indicators/daily/stale-reporters?from=${daily.from}&to=${daily.to}`)).rows;
  const staleIds = [...new Set(stale.map((r) => r.facilityId))].sort();
  const listed = await page.locator('#stale-list li[data-facility]').evaluateAll((items) => items.map((li) => li.dataset.facility));
  assert.deepEqual([...listed].sort(), staleIds, 'the stale reporters of the API, each once');
  if (!staleIds.length) assert.match(await page.locator('#stale-list').textContent(), /Aucun lieu en retard/);

  await screenshot(page, 'report-dashboard-trend');
  await page.setViewportSize(PHONE);
  await page.waitForFunction(() => document.querySelector('#trend-chart svg.trend-chart')?.getAttribute('width') < 360);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, 'the chart fits a 360 px phone');
  await screenshot(page, 'report-dashboard-trend-360');
  assert.deepEqual(browser.errors, [], 'no script error');
  await page.close();
});

test('the CSV button saves the API\'s CSV: same rows as the JSON', { timeout: 60000 }, async () => {
  const page = await browser.page(DESKTOP);
  await openDashboard(page);
  await page.locator(`#trend-chart g.trend-night[data-day="${night}"]`).waitFor();
  const button = page.getByRole('button', { name: 'Télécharger (CSV)' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /^relais-daily-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.includes('\r\n'), 'CRLF line ends');
  const csv = parseCsv(text.replace(/^\uFEFF/, ''));
  const daily = await apiOk('/api/indicators/daily');
  assert.equal(csv.length, daily.rows.length, 'one CSV record per JSON row');
  for (const row of daily.rows) {
    const record = csv.find((r) => r.day === row.day && r.arrondissement === row.arrondissement && r.kind === row.kind);
    assert.ok(record, `CSV has ${row.day} ${row.arrondissement} ${row.kind}`);
    for (const k of ['places', ...COUNTS, 'expired', 'cancelled']) {
      assert.equal(record[k] === '' ? null : Number(record[k]), row[k] ?? null, `${row.day} ${row.arrondissement} ${row.kind} ${k}`);
    }
  }
  assert.match(await page.locator('#trend-csv-saved').textContent(), /Fichier enregistré/);
  assert.deepEqual(browser.errors, [], 'no script error');
  await page.close();
});

test('the monthly report shows the month\'s figures in French and English, and prints without navigation', { timeout: 120000 }, async () => {
  const page = await browser.page(DESKTOP);
  await signIn(page, tokens.coordinator());
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/indicators/daily?')) asked.push(new URL(r.url()).search); });
  const month = night.slice(0, 7);
  // From the dashboard, as a coordinator goes there.
  await openDashboard(page);
  await page.locator(`#report-link[href="/report/?month=${month}"]`).click();
  await page.locator('main[data-state="ready"]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/report/');
  const query = asked.find((q) => q.includes(`from=${month}-01`));
  assert.ok(query, `the report asks for the month from its first night: ${asked}`);
  const daily = await apiOk(`/api/indicators/daily${query}`);
  assert.ok(daily.rows.some((r) => r.day === night), 'the month holds tonight');
  const sum = (k) => daily.rows.reduce((n, r) => n + (r[k] ?? 0), 0);
  const declined = {};
  for (const r of daily.rows) for (const [reason, n] of Object.entries(r.declined || {})) declined[reason] = (declined[reason] || 0) + n;
  const stale = (await apiOk(`/api/indicators/daily/stale-reporters?from=${daily.from}&to=${daily.to}`)).rows;

  const figure = async (name) => number(await page.locator(`[data-figure="${name}"]`).textContent());
  const checkFigures = async (lang) => {
    for (const k of ['requests', 'unmet', 'holds', 'arrivals', 'expired', 'cancelled']) assert.equal(await figure(k), sum(k), `${lang}: ${k}`);
    assert.equal(await figure('declined'), Object.values(declined).reduce((a, b) => a + b, 0), `${lang}: declines`);
    for (const [reason, n] of Object.entries(declined)) {
      assert.equal(number(await page.locator(`#report-declines tr[data-reason="${reason}"] td`).textContent()), n, `${lang}: declines ${reason}`);
    }
    assert.equal(await figure('stale-count'), new Set(stale.map((r) => r.facilityId)).size, `${lang}: stale reporters`);
    const tonight = nightSum(daily.rows, night);
    for (const k of COUNTS) {
      assert.equal(number(await page.locator(`#report-nights tr[data-day="${night}"] td[data-col="${k}"]`).textContent()), tonight[k], `${lang}: tonight's ${k}`);
    }
    const holdMedian = await page.locator('[data-figure="hold-median"]').textContent();
    const anyMedian = daily.rows.some((r) => r.timeToHoldMedianSeconds != null && r.holds > 0);
    assert.equal(holdMedian.trim() !== '–', anyMedian, `${lang}: a median time to hold exactly when a night has one`);
  };

  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.match(await page.locator('h1#report-title').textContent(), /^Rapport mensuel · /);
  assert.match(await page.locator('#q-unmet-h').textContent(), /Combien de demandes sont restées sans place/);
  await checkFigures('fr');
  await screenshot(page, 'report-month-fr');

  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.locator('h1#report-title').textContent(), /^Monthly report · /);
  assert.match(await page.locator('#q-unmet-h').textContent(), /How many requests were left without a place\?/);
  assert.match(await page.locator('#q-stale-h').textContent(), /Which facilities stopped reporting their places\?/);
  await checkFigures('en');
  await screenshot(page, 'report-month-en');

  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['#app-header', 'nav.app-nav', '.skip-link', '#report-tools', '#report-print']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `print: ${hidden} hidden`);
  }
  assert.ok(await page.locator('#q-places').isVisible(), 'print: the figures stay');
  await screenshot(page, 'report-month-print');
  await page.emulateMedia({ media: 'screen' });
  assert.ok(await page.locator('#app-header').isVisible(), 'on screen the navigation is back');
  await page.locator('#lang-switch').click();
  assert.deepEqual(browser.errors, [], 'no script error');
  await page.close();
});
