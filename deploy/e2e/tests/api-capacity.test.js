// Through the public gateway: live capacity, bad input, restart rebuild.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE_URL, as, bearer, createFacility, tokens, waitUntil } from '../lib/api.js';
import { openStream } from '../lib/sse.js';

const facilityIn = (body, id) => body.facilities.find((f) => f.id === id);
// Its facilities are on the board (75019), open to everyone: retired at the end, so that no later request is held there.
const created = [];
const onBoard = async (facility) => {
  const id = await createFacility(facility);
  created.push(id);
  return id;
};
after(async () => {
  for (const id of created) await as(tokens.admin())('PATCH', `/api/facilities/${id}`, { active: false });
});
// Reads as the coordinator; each availability PUT as the operator of that facility.
const call = as(tokens.coordinator());
const asOperatorOf = (id) => as(tokens.operator(id));

test('an availability PUT through the gateway appears on the live stream and in /api/capacity', async () => {
  const id = await onBoard({ total: 12, free: 3 });
  const stream = openStream(`${BASE_URL}/api/capacity/stream?arrondissement=75019`, { headers: bearer(tokens.coordinator()) });
  try {
    await stream.ready;
    await stream.waitFor((e) => e.name === 'snapshot');
    const sentAt = performance.now();
    const put = await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 9 });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.free, 9);
    const seen = await stream.waitFor((e) => e.name === 'facility' && e.data.id === id && e.data.free === 9, 30000);
    console.log(`# PUT -> SSE latency ${(seen.at - sentAt).toFixed(1)} ms`);
    const view = await call('GET', '/api/capacity?arrondissement=75019');
    assert.equal(view.status, 200);
    assert.equal(facilityIn(view.json, id).free, 9);
    assert.equal(facilityIn(view.json, id).total, 12);
  } finally {
    stream.close();
  }
});

test('bad availability input gets problem+json and changes nothing', async () => {
  const id = await onBoard({ total: 5, free: 2 });
  const before = await call('GET', `/api/facilities/${id}`);
  for (const body of [{ free: -1 }, { free: 6 }, { free: 'two' }, '{"free": ', { free: 1, extra: true }]) {
    const r = await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, body);
    assert.ok([400, 422].includes(r.status), `${JSON.stringify(body)} -> ${r.status}`);
    assert.match(r.contentType, /application\/problem\+json/);
    assert.equal(r.json.status, r.status);
  }
  const older = await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 1, asOf: '2001-01-01T00:00:00Z' });
  assert.equal(older.status, 409);
  // An operator bound to a facility that does not exist: past the rights check, the facility is not found.
  const unknown = await asOperatorOf('no-such-facility-e2e')('PUT', '/api/facilities/no-such-facility-e2e/availability', { free: 1 });
  assert.equal(unknown.status, 404);
  assert.match(unknown.contentType, /application\/problem\+json/);
  const after = await call('GET', `/api/facilities/${id}`);
  assert.deepEqual(after.json.availability, before.json.availability);
});

test('a restarted gateway rebuilds its view from Kafka alone', { skip: !process.env.RELAIS_LAUNCHER }, async () => {
  const id = await onBoard({ total: 20, free: 4 });
  await asOperatorOf(id)('PUT', `/api/facilities/${id}/availability`, { free: 7 });
  await waitUntil(async () => facilityIn((await call('GET', '/api/capacity')).json, id)?.free === 7, { what: 'facility in view' });
  execFileSync(process.env.RELAIS_LAUNCHER, ['restart', 'gateway'], { stdio: 'inherit' });
  const view = await call('GET', '/api/capacity');
  assert.equal(view.status, 200);
  assert.equal(facilityIn(view.json, id)?.free, 7, 'the restarted gateway shows the current count');
});
