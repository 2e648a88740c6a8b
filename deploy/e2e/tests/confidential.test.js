// A confidential place (a shelter for women fleeing violence) through the whole platform: its address and position
// reach coordinators, admins, its operators and the patrol holding a place there, and nobody else, over REST and the
// streams; the patrol holding the place reads them only while it holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE_URL, as, bearer, call, freshArea, freshId, newRequest, tokens, waitUntil } from '../lib/api.js';
import { openStream } from '../lib/sse.js';

const HOLDING = 'maraude-19-a';
const OTHER = 'maraude-18-a';
const ADDRESS = '3 passage Discret, 75019 Paris';
const [LAT, LON] = [48.88517, 2.37913];
const leaks = (text) => text.includes('passage Discret') || text.includes(String(LAT)) || text.includes(String(LON));

test('a confidential address reaches only those entitled to it', { timeout: 180000 }, async () => {
  const area = freshArea();
  const id = freshId('e2e-conf');
  const created = await call('POST', '/api/facilities', {
    id, name: `Lieu ${id}`, kind: 'EMERGENCY_SHELTER', arrondissement: area, address: ADDRESS, latitude: LAT, longitude: LON,
    openingHours: [], eligibility: { genders: ['WOMAN'], couples: false, pets: true, activeUse: true, wheelchair: true },
    totalPlaces: 4, reportingInterval: 'PT2H', confidentialAddress: true,
  }, bearer(tokens.admin()));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.address, ADDRESS);
  assert.equal((await as(tokens.operator(id))('PUT', `/api/facilities/${id}/availability`, { free: 2 })).status, 200);

  const readers = {
    coordinator: tokens.coordinator(), admin: tokens.admin(), operator: tokens.operator(id),
    otherOperator: tokens.operator('another-facility'), holdingPatrol: tokens.patrol(HOLDING), otherPatrol: tokens.patrol(OTHER),
  };
  // What one reader is told, by the facility view and by the list. Both read capacity-service's follow-up of holds,
  // which can change between the two calls while a hold starts or ends: compare them only once it has settled.
  const reads = async (jwt) => {
    const one = await as(jwt)('GET', `/api/facilities/${id}`);
    const list = await as(jwt)('GET', `/api/facilities?arrondissement=${area}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.arrondissement, area);
    assert.equal(one.json.confidentialAddress, true);
    const listed = list.json.find((f) => f.id === id);
    return { one: one.json.address ?? null, listed: listed.address ?? null };
  };
  const address = async (jwt) => {
    const told = await reads(jwt);
    assert.equal(told.listed, told.one, 'the list shows what the facility view shows');
    return told.one;
  };
  const toldBoth = async (jwt, expected) => {
    const told = await reads(jwt);
    return told.one === expected && told.listed === expected;
  };
  const expectReaders = async (entitled) => {
    for (const [who, jwt] of Object.entries(readers)) {
      assert.equal(await address(jwt), entitled.includes(who) ? ADDRESS : null, `${who} reads the address: ${entitled.includes(who)}`);
    }
  };
  await expectReaders(['coordinator', 'admin', 'operator']);
  assert.equal((await call('GET', `/api/facilities/${id}`)).status, 401);

  // The board and its stream, for every role: the arrondissement and the counts, never the address.
  const streams = Object.fromEntries(Object.entries(readers).map(([who, jwt]) => [who,
    openStream(`${BASE_URL}/api/capacity/stream?arrondissement=${area}`, { headers: bearer(jwt) })]));
  const patrolStream = openStream(`${BASE_URL}/api/patrols/${HOLDING}/referrals/stream`, { headers: bearer(readers.holdingPatrol) });
  try {
    await Promise.all([patrolStream.ready, ...Object.values(streams).map((s) => s.ready)]);
    await waitUntil(async () => (await as(readers.coordinator)('GET', `/api/capacity?arrondissement=${area}`)).json
      .facilities.some((f) => f.id === id && f.free === 2), { what: 'the place on the board' });
    for (const [who, jwt] of Object.entries(readers)) {
      const board = await as(jwt)('GET', `/api/capacity?arrondissement=${area}`);
      assert.ok(!leaks(board.text), `${who}'s board holds no address: ${board.text}`);
      const entry = board.json.facilities.find((f) => f.id === id);
      assert.equal(entry.arrondissement, area);
      assert.equal(entry.confidentialAddress, true);
      assert.equal(entry.latitude, null);
    }

    // The patrol gets a place there: it reads the address while the place is held, the other patrol never does.
    const posted = await as(readers.holdingPatrol)('POST', '/api/referrals', {
      patrolId: HOLDING, personCode: `P-${randomUUID().slice(0, 8)}`, arrondissement: area,
      needs: { gender: 'WOMAN', couple: false, pet: false, wheelchair: false, activeUse: false }, kinds: ['EMERGENCY_SHELTER'],
    }, newRequest());
    assert.equal(posted.status, 202, posted.text);
    const held = await patrolStream.waitFor((e) => e.data?.id === posted.json.id && e.data.status === 'HELD', 60000);
    assert.equal(held.data.facilityId, id);
    await waitUntil(() => toldBoth(readers.holdingPatrol, ADDRESS), { timeoutMs: 30000, what: 'the holding patrol to read the address' });
    await expectReaders(['coordinator', 'admin', 'operator', 'holdingPatrol']);
    await Promise.all(Object.values(streams).map((s) => s.waitFor((e) => e.name === 'facility' && e.data.id === id && e.data.held === 1, 30000)));

    // Cancelled: the place is no longer held, and its address no longer told.
    assert.equal((await as(readers.holdingPatrol)('POST', `/api/referrals/${posted.json.id}/cancel`)).status, 202);
    await patrolStream.waitFor((e) => e.data?.id === posted.json.id && e.data.status === 'CANCELLED', 30000);
    await waitUntil(() => toldBoth(readers.holdingPatrol, null), { timeoutMs: 30000, what: 'the address to be withheld again' });

    for (const [who, stream] of Object.entries(streams)) {
      assert.ok(stream.events.length >= 2, `${who}'s stream got the snapshot and the changes`);
      for (const event of stream.events) assert.ok(!leaks(JSON.stringify(event.data)), `${who}'s stream holds no address`);
    }
    for (const event of patrolStream.events) assert.ok(!leaks(JSON.stringify(event.data)), 'the referral stream holds no address');
  } finally {
    patrolStream.close();
    for (const s of Object.values(streams)) s.close();
    await call('PATCH', `/api/facilities/${id}`, { active: false }, bearer(tokens.admin()));
  }
});
