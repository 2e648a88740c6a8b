// No network: the patrol view keeps the request on the phone (and survives a reload from the service
// worker's shell), says what waits, and sends it once the network returns. Exactly one referral exists,
// and replaying the same Idempotency-Key does not make a second one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, screenshot, api, eventually, createFacility, retireFacility, patrolIn, personCode, referralIds, tokens, PHONE,
} from '../lib/harness.js';
import { openPatrol, requestPlace, referralCard } from '../lib/views.js';

const created = [];
let browser;
let referralToCancel;
let patrolToken;

after(async () => {
  await browser?.close();
  if (referralToCancel) await api(`/api/referrals/${referralToCancel}/cancel`, { method: 'POST', token: patrolToken });
  for (const id of created) await retireFacility(id);
});

test('a request made offline is kept, shown as waiting, then sent once', { timeout: 180000 }, async () => {
  const facility = await createFacility({ arrondissement: '75019', free: 10, totalPlaces: 12, label: 'E2E Offline' });
  created.push(facility.id);
  const patrol = await patrolIn('75019', 1);
  patrolToken = tokens.patrol(patrol.id);
  const code = personCode();
  const idsBefore = await referralIds(patrol.id);

  browser = await launch();
  const phone = await browser.page(PHONE);
  await openPatrol(phone, { patrolId: patrol.id, arrondissement: '75019' });
  await phone.locator(`li.place[data-facility="${facility.id}"]`).waitFor();
  // The shell must be on the device before the network goes.
  await phone.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  await browser.context.setOffline(true);
  await phone.locator('#net-banner[data-show="true"]').waitFor();
  await requestPlace(phone, code);
  const queued = referralCard(phone, code, 'QUEUED');
  await queued.waitFor();
  assert.match(await phone.locator('#net-banner').textContent(), /Hors ligne : 1 envoi en attente/);
  const stored = await phone.evaluate(() => JSON.parse(localStorage.getItem('relais.outbox')));
  assert.equal(stored.length, 1, 'one request waits in the outbox');
  assert.ok(!JSON.stringify(stored).includes(patrolToken), 'the outbox keeps no credential');
  const { key, body } = stored[0];
  assert.match(key, /^[0-9a-f-]{36}$/, 'the waiting request has its own Idempotency-Key');

  // Still offline, the page reloads from the service worker and the request is still waiting.
  await phone.reload();
  await referralCard(phone, code, 'QUEUED').waitFor();
  await phone.locator('#tabbar button[data-tab="referrals"]').click();
  await screenshot(phone, 'offline-1-queued');
  assert.equal((await referralIds(patrol.id)).size, idsBefore.size, 'nothing reached the platform while offline');

  // The network returns: the request goes by itself.
  await browser.context.setOffline(false);
  await referralCard(phone, code, 'QUEUED').waitFor({ state: 'detached', timeout: 30000 });
  const sent = phone.locator('li.ref[data-referral-id]').filter({ hasText: `Code ${code}` });
  await sent.first().waitFor({ timeout: 30000 });
  const referralId = await sent.first().getAttribute('data-referral-id');
  referralToCancel = referralId;
  await phone.locator('#net-banner[data-show="false"]').waitFor({ state: 'attached' });
  await screenshot(phone, 'offline-2-sent');

  const newIds = await eventually(async () => {
    const ids = [...await referralIds(patrol.id)].filter((id) => !idsBefore.has(id));
    return ids.length ? ids : null;
  }, { what: 'the referral to be listed for the patrol' });
  assert.deepEqual(newIds, [referralId], 'exactly one referral for that patrol and person');

  // A replay of the same request (lost answer, second tab...) returns the same referral.
  const replay = await api('/api/referrals', { method: 'POST', body, headers: { 'Idempotency-Key': key }, token: patrolToken });
  assert.equal(replay.status, 202);
  assert.equal(replay.body.id, referralId, 'a replay gives back the same referral');
  const idsAfterReplay = [...await referralIds(patrol.id)].filter((id) => !idsBefore.has(id));
  assert.deepEqual(idsAfterReplay, [referralId], 'still exactly one referral after the replay');
  assert.deepEqual(browser.errors, [], 'no script error');
});
