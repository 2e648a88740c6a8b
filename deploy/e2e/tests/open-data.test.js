// The open-data feed (HSDS 3.1) through the platform: anonymous, a facility registered and counted through the API
// appears as a service under its documented UUID v5, with its count; a confidential place without any location.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { bearer, call, freshId, tokens, waitUntil } from '../lib/api.js';

/** UUID version 5 (RFC 9562) of a name, as the gateway's HsdsIds computes it. */
function uuidV5(namespace, name) {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const NAMESPACE = uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://relais.paris/open-data/hsds');
const serviceId = (facilityId) => uuidV5(NAMESPACE, `service/${facilityId}`);
const ADDRESS = '5 impasse Ouverte, 75019 Paris';
const SECRET = '7 impasse Discrète, 75019 Paris';

async function register(id, address, confidentialAddress) {
  const created = await call('POST', '/api/facilities', {
    id, name: `Lieu ${id}`, kind: 'REST_ROOM', arrondissement: '75019', address, latitude: 48.88123, longitude: 2.38456,
    openingHours: [{ day: 'FRIDAY', opens: '22:00', closes: '07:00' }],
    eligibility: { genders: ['WOMAN', 'MAN', 'NON_BINARY'], couples: true, pets: true, activeUse: true, wheelchair: true },
    totalPlaces: 9, reportingInterval: 'PT2H', confidentialAddress,
  }, bearer(tokens.admin()));
  assert.equal(created.status, 201, created.text);
  // Full (no free place): the board's arrondissements are shared with the other tests, whose referrals must not be
  // held here.
  assert.equal((await call('PUT', `/api/facilities/${id}/availability`, { free: 0 }, bearer(tokens.operator(id)))).status, 200);
}

test('the HSDS feed is open to anyone and shows the board, never a confidential address', { timeout: 180000 }, async (t) => {
  const open = freshId('e2e-hsds');
  const hidden = freshId('e2e-hsds-conf');
  t.after(async () => {
    for (const id of [open, hidden]) await call('PATCH', `/api/facilities/${id}`, { active: false }, bearer(tokens.admin()));
  });
  await register(open, ADDRESS, false);
  await register(hidden, SECRET, true);

  let service;
  await waitUntil(async () => {
    const r = await call('GET', `/open-data/hsds/services/${serviceId(open)}`);
    service = r.json;
    return r.status === 200 && r.json.capacities?.[0]?.available === 0;
  }, { what: 'the facility in the open-data feed' });
  const answer = await call('GET', `/open-data/hsds/services/${serviceId(open)}`);
  assert.equal(answer.headers.get('access-control-allow-origin'), '*');
  assert.match(answer.headers.get('cache-control') ?? '', /max-age=\d+/);
  assert.equal(service.id, serviceId(open));
  assert.equal(service.status, 'active');
  assert.equal(service.capacities[0].maximum, 9);
  assert.equal(service.capacities[0].unit.name, 'Place');
  assert.equal(service.service_at_locations[0].location.addresses[0].address_1, '5 impasse Ouverte');
  assert.equal(service.schedules[0].byday, 'FR');
  assert.match(service.schedules[0].closes_at, /^07:00/);

  await waitUntil(async () => (await call('GET', `/open-data/hsds/services/${serviceId(hidden)}`)).status === 200,
    { what: 'the confidential facility in the feed' });
  const pages = [];
  for (let page = 1; ; page += 1) {
    const r = await call('GET', `/open-data/hsds/services?page=${page}&per_page=100`);
    assert.equal(r.status, 200, r.text);
    pages.push(r.text);
    if (r.json.last_page) break;
  }
  const everything = pages.join('') + (await call('GET', `/open-data/hsds/services/${serviceId(hidden)}`)).text;
  assert.ok(everything.includes(serviceId(hidden)), 'the confidential place is listed');
  assert.ok(!everything.includes('impasse Discrète'), 'never its address');
  const confidential = pages.map((p) => JSON.parse(p).contents).flat().find((s) => s.id === serviceId(hidden));
  assert.equal(confidential.service_at_locations, undefined, 'nor any location');

  const unknown = await call('GET', '/open-data/hsds/services/00000000-0000-0000-0000-000000000000');
  assert.equal(unknown.status, 404);
  assert.match(unknown.contentType, /application\/problem\+json/);
  assert.equal((await call('GET', '/open-data/hsds/services?per_page=0')).status, 400);
});
