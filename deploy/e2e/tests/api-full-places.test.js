// Never sent to a full place, through the public gateway and every service: a late report cannot undo an arrival,
// a count lowered below its holds takes the newest hold back (the patrol hears it live and is placed again when a
// place frees), and one person holds at most one active request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, as, bearer, createFacility, freshArea, newRequest, tokens, waitUntil } from '../lib/api.js';
import { openStream } from '../lib/sse.js';
import { coordinator, heldReferral, referralBody } from '../lib/world.js';

const PATROL = 'maraude-19-a';
const OTHER_PATROL = 'maraude-18-a';
const asPatrol = as(tokens.patrol(PATROL));
const asOperatorOf = (id) => as(tokens.operator(id));

async function boardEntry(area, id) {
  return (await coordinator()('GET', `/api/capacity?arrondissement=${area}`)).json?.facilities?.find((f) => f.id === id);
}

test('a report made before an arrival is refused (409) and the arrival keeps its place', async () => {
  const area = freshArea();
  const id = await createFacility({ arrondissement: area, total: 10, free: 3 });
  const before = new Date(Date.now() - 1000).toISOString(); // the operator counted, then the phone went offline
  const referral = await heldReferral(PATROL, area, id);
  const arrival = await asOperatorOf(id)('POST', `/api/referrals/${referral.id}/arrival`, { facilityId: id });
  assert.equal(arrival.status, 200, arrival.text);
  await waitUntil(async () => { const f = await boardEntry(area, id); return f?.free === 2 && f.held === 0; },
    { timeoutMs: 30000, what: 'the arrival counted (free 2) and its hold released on the board' });

  // The report queued on the operator's phone before the person walked in arrives now.
  const late = await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 3, asOf: before });
  assert.equal(late.status, 409, late.text);
  assert.match(late.contentType, /application\/problem\+json/);
  const count = await coordinator()('GET', `/api/facilities/${id}/availability`);
  assert.equal((count.json.availability ?? count.json).free, 2, 'the consumed place was not put back');
  // A report of now is accepted as usual.
  assert.equal((await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 2 })).status, 200);
});

test('a count lowered below its holds withdraws the newest hold, live, and the person is placed again later', async () => {
  const area = freshArea();
  const id = await createFacility({ arrondissement: area, total: 10, free: 2 });
  const stream = openStream(`${BASE_URL}/api/patrols/${PATROL}/referrals/stream`, { headers: bearer(tokens.patrol(PATROL)) });
  try {
    await stream.ready;
    const older = await heldReferral(PATROL, area, id);
    const newer = await heldReferral(PATROL, area, id);
    // Two people walked in without a referral: one place left for two holds.
    assert.equal((await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 1 })).status, 200);
    const withdrawn = await stream.waitFor((e) => e.data?.id === newer.id && e.data.status === 'WAITLISTED', 30000);
    assert.equal(withdrawn.data.reason, 'PLACE_WITHDRAWN');
    await waitUntil(async () => { const f = await boardEntry(area, id); return f?.free === 1 && f.held === 1 && f.offered === 0; },
      { timeoutMs: 30000, what: 'the board at free 1, held 1' });
    assert.equal((await coordinator()('GET', `/api/referrals/${older.id}`)).json.status, 'HELD', 'the older hold stays');

    // A place frees: the withdrawn person, still first in line, gets it back.
    assert.equal((await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 2 })).status, 200);
    const again = await stream.waitFor((e) => e.data?.id === newer.id && e.data.status === 'HELD' && e.at > withdrawn.at, 30000);
    assert.equal(again.data.facilityId, id);
  } finally {
    stream.close();
  }
});

test('one person, one active request; the Idempotency-Key is required', async () => {
  const area = freshArea();
  await createFacility({ arrondissement: area, total: 4, free: 1 });
  const body = referralBody(PATROL, area);

  const keyless = await asPatrol('POST', '/api/referrals', body);
  assert.equal(keyless.status, 400, keyless.text);
  assert.match(keyless.contentType, /application\/problem\+json/);

  const first = await asPatrol('POST', '/api/referrals', body, newRequest());
  assert.equal(first.status, 202, first.text);
  const second = await asPatrol('POST', '/api/referrals', { ...body, urgency: 3 }, newRequest());
  assert.equal(second.status, 409, second.text);
  assert.equal(second.json.activeReferralId, first.json.id);
  // Another patrol meeting the same person gets the same answer.
  const elsewhere = await as(tokens.patrol(OTHER_PATROL))('POST', '/api/referrals', { ...body, patrolId: OTHER_PATROL }, newRequest());
  assert.equal(elsewhere.status, 409, elsewhere.text);
  assert.equal(elsewhere.json.activeReferralId, first.json.id);

  // Once the first request ends, the person may be asked for again.
  await waitUntil(async () => ['HELD', 'WAITLISTED'].includes((await coordinator()('GET', `/api/referrals/${first.json.id}`)).json?.status),
    { timeoutMs: 30000, what: 'the first request matched' });
  assert.equal((await asPatrol('POST', `/api/referrals/${first.json.id}/cancel`)).status, 202);
  const later = await asPatrol('POST', '/api/referrals', body, newRequest());
  assert.equal(later.status, 202, later.text);
  await asPatrol('POST', `/api/referrals/${later.json.id}/cancel`);
});
