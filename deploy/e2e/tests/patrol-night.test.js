// The patrol's phone on a real night: the form says what an unstated gender means, a hold withdrawn because people
// walked in shows as "back on the waitlist" (not an error), asking twice for the same person points to the active
// request, and signing out with requests still waiting deletes them (and the person codes) from the phone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, screenshot, api, apiOk, eventually, createFacility, retireFacility, patrolIn, personCode, tokens, PHONE,
} from '../lib/harness.js';
import { openPatrol, requestPlace, referralCard } from '../lib/views.js';

const created = [];
const toCancel = [];
let browser;

after(async () => {
  await browser?.close();
  for (const { id, token } of toCancel) await api(`/api/referrals/${id}/cancel`, { method: 'POST', token }).catch(() => {});
  for (const id of created) await retireFacility(id);
});

test('a patrol on a phone: gender hint, a withdrawn hold, the same person twice, sign-out with waiting requests', { timeout: 240000 }, async () => {
  const facility = await createFacility({ arrondissement: '75020', free: 6, totalPlaces: 8, label: 'E2E Night' });
  created.push(facility.id);
  const patrol = await patrolIn('75020', 2);
  const token = tokens.patrol(patrol.id);
  browser = await launch();
  // A second tab of the same origin reads the phone's storage while the first one navigates away offline.
  const storage = await browser.page(PHONE);
  await storage.goto(`${BASE_URL}/login/`);
  const phone = await browser.page(PHONE);
  await openPatrol(phone, { patrolId: patrol.id, arrondissement: '75020' });
  await phone.locator(`li.place[data-facility="${facility.id}"]`).waitFor();

  // The gender left unstated: the form says only places open to every gender will be offered.
  await phone.locator('#tabbar button[data-tab="request"]').click();
  await phone.locator('#gender-hint').waitFor({ state: 'visible' });
  assert.match(await phone.locator('#gender-hint').textContent(), /tous les genres/);
  await phone.locator('label[for="gender-WOMAN"]').click();
  await phone.locator('#gender-hint').waitFor({ state: 'hidden' });
  // Kept to the 20e: a withdrawn hold must wait here, not be re-matched at once in the adjacent 19e.
  await phone.getByLabel('Seulement dans cet arrondissement').check();
  await screenshot(phone, 'night-1-form');

  // A place is held, then people walk in and the operator reports fewer places than are held.
  const code = personCode();
  await requestPlace(phone, code);
  const held = referralCard(phone, code, 'HELD');
  await held.waitFor({ timeout: 90000 });
  const referralId = await held.getAttribute('data-referral-id');
  toCancel.push({ id: referralId, token });
  const heldAt = await held.locator('.ref__facility').getAttribute('data-facility');
  const board = await apiOk(`/api/facilities/${heldAt}/availability`);
  const freeBefore = (board.availability ?? board).free;
  const holds = await apiOk(`/api/holds?facilityId=${heldAt}`);
  const lowered = Math.max(0, holds.length - 1);
  await apiOk(`/api/facilities/${heldAt}/availability`, { method: 'PUT', body: { free: lowered }, token: tokens.operator(heldAt) });
  const withdrawn = phone.locator(`li.ref[data-referral-id="${referralId}"][data-status="WAITLISTED"] [data-withdrawn="true"]`);
  await withdrawn.waitFor({ timeout: 30000 });
  assert.match(await withdrawn.textContent(), /plus disponible/);
  await screenshot(phone, 'night-2-withdrawn');
  // The operator counts again: the place is back, and the person, first in line, gets it. Meanwhile the phone's list
  // read (every 10 s while a request waits) is slow: it answers WAITLISTED after the stream said HELD, and the card
  // must stay HELD.
  const listUrl = `${BASE_URL}/api/patrols/${patrol.id}/referrals`;
  const slowRead = new Promise((resolve) => {
    phone.route(listUrl, async (route) => resolve({ route, response: await route.fetch() }));
  });
  const { route, response } = await slowRead;
  const stale = (await response.json()).find((r) => r.id === referralId);
  assert.equal(stale?.status, 'WAITLISTED', 'the slow read was made while the person waited');
  await apiOk(`/api/facilities/${heldAt}/availability`, { method: 'PUT', body: { free: Math.max(freeBefore, lowered + 1) }, token: tokens.operator(heldAt) });
  const heldAgain = phone.locator(`li.ref[data-referral-id="${referralId}"][data-status="HELD"]`);
  await heldAgain.waitFor({ timeout: 30000 });
  const answered = phone.waitForEvent('requestfinished', (r) => r.url() === listUrl);
  await route.fulfill({ response });
  await answered;
  await phone.unroute(listUrl);
  // The page has read the answer; one turn of its event loop later it has applied it (or not).
  await phone.evaluate(() => new Promise((r) => { setTimeout(r, 0); }));
  assert.equal(await heldAgain.count(), 1, 'a slow read does not turn a held card back to the waitlist');

  // The same person asked for again: the page points to the request already active.
  await requestPlace(phone, code);
  const notice = phone.locator(`#active-referral-notice[data-active-referral-id="${referralId}"]`);
  await notice.waitFor({ timeout: 15000 });
  await phone.locator('#active-referral-notice[data-owner="mine"]').waitFor();
  await phone.locator('#active-referral-open').click();
  await phone.locator(`li.ref[data-referral-id="${referralId}"][data-highlight="true"]`).waitFor();
  await screenshot(phone, 'night-3-same-person');

  // Offline, a request waits on the phone; signing out asks first, then deletes it and the codes.
  await phone.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await browser.context.setOffline(true);
  await phone.locator('#net-banner[data-show="true"]').waitFor();
  await requestPlace(phone, personCode());
  await eventually(async () => (await phone.evaluate(() => JSON.parse(localStorage.getItem('relais.outbox') || '[]').length)) === 1,
    { what: 'one request waiting in the outbox' });
  await phone.locator('#sign-out').click();
  const dialog = phone.locator('dialog#sign-out-dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /1 demande/);
  await screenshot(phone, 'night-4-sign-out');
  await phone.locator('#sign-out-keep').click();
  assert.equal(await phone.evaluate(() => JSON.parse(localStorage.getItem('relais.outbox') || '[]').length), 1, 'keeping changes nothing');
  await phone.locator('#sign-out').click();
  await phone.locator('#sign-out-confirm').click();
  await eventually(async () => {
    const left = await storage.evaluate(() => [localStorage.getItem('relais.outbox'), localStorage.getItem('relais.patrol.codes')]);
    return left.every((v) => v === null);
  }, { what: 'the waiting requests and the person codes deleted from the phone' });
  await browser.context.setOffline(false);
  assert.deepEqual(browser.errors, [], 'no script error');
});
