// Hostile input. For each write endpoint, a few hundred generated bodies (lib/hostile.js: wrong
// types, huge numbers, deep nesting, long strings, unicode tricks, SQL/JS strings, duplicate keys, arrays for
// objects, 100 KB bodies, broken UTF-8, wrong content types), each sent through the gateway with a VALID token
// of the role allowed to write there. Never a 5xx; every 4xx is problem+json without a stack trace; nothing
// is accepted; and nothing changed (availability version, facility description, referral list and statuses).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, call, bearer, newRequest, tokens, freshId } from '../lib/api.js';
import { tokensFor } from '../lib/tokens.js';
import { hostileBodies, HOSTILE_STRINGS } from '../lib/hostile.js';
import { makeWorld, availabilityOf, facilityOf, referralsOf, statusOf, referralBody, coordinator } from '../lib/world.js';
// The pages' own copy of the id pattern (a browser module, loaded as ES module by Node's syntax detection).
import { ID as SLUG } from '../../../gateway/src/main/resources/META-INF/resources/assets/js/ids.js';

const CONCURRENCY = Number(process.env.E2E_HOSTILE_CONCURRENCY || 8);
// A fresh token (own subject) every so many requests, within the gateway's burst of 40 per subject, so that its
// per-subject rate limit never makes the run wait.
const PER_TOKEN = 30;
const KINDS = /^(EMERGENCY_SHELTER|LONG_STAY_HOUSING|REST_ROOM|CONSUMPTION_ROOM)$/;
const j = JSON.stringify;

let w;
before(async () => {
  w = await makeWorld();
  // R2 is cancelled first: hostile bodies to /cancel (which reads no body) then meet a settled referral.
  const cancelled = await call('POST', `/api/referrals/${w.R2}/cancel`, undefined, bearer(tokens.patrol(w.P1)));
  assert.ok([200, 202].includes(cancelled.status), `cancel R2: ${cancelled.status} ${cancelled.text}`);
});

const eligibility = { genders: ['MAN'], couples: false, pets: false, activeUse: false, wheelchair: false };
const facilityFields = {
  name: { type: 'string', max: 200, required: true, invalid: ['""', '"   "'] },
  kind: { type: 'string', pattern: KINDS, required: true, invalid: ['"SHELTER"', '"emergency_shelter"'] },
  arrondissement: { type: 'string', pattern: /^\d{5}$/, required: true, invalid: ['"7501"', '"750190"', '"75 19"'] },
  address: { type: 'string', max: 300, required: true, invalid: ['""'] },
  latitude: { type: 'number', invalid: ['91', '-90.0001', '1e308'] },
  longitude: { type: 'number', invalid: ['181', '-180.5'] },
  openingHours: { type: 'array', invalid: ['[null]', '[{}]', '[{"days":["FUNDAY"],"from":"25:00","to":"07:00"}]', j(Array(60).fill({ from: '22:00', to: '07:00' }))] },
  eligibility: { type: 'object', required: true, invalid: ['{}', '{"genders":[]}', j({ ...eligibility, genders: ['ALIEN'] }), j({ ...eligibility, couples: null })] },
  totalPlaces: { type: 'number', required: true, invalid: ['-1', '10001', '2147483648', '1.5'] },
  reportingInterval: { type: 'string', pattern: /^P/, required: true, invalid: ['"PT1M"', '"P8D"', '"PT0S"', '"-PT2H"', '"2 hours"'] },
};

/** The endpoints, the token allowed to write there, the bodies, and the state that must not move. */
const ENDPOINTS = [
  {
    name: 'POST /api/facilities', method: 'POST', path: () => '/api/facilities', role: () => ['admin'],
    bodies: () => hostileBodies({
      seed: 1,
      base: {
        id: w.newFacility, name: 'Hostile', kind: 'EMERGENCY_SHELTER', arrondissement: w.area, address: '1 rue X', latitude: 48.88, longitude: 2.38,
        openingHours: [], eligibility, totalPlaces: 5, reportingInterval: 'PT2H',
      },
      fields: { id: { type: 'string', pattern: SLUG, invalid: ['"A"', '"-x"', '"x"', j('a'.repeat(65))] }, ...facilityFields },
    }),
    state: async () => ({ created: (await facilityOf(w.newFacility)).status, count: ((await coordinator()('GET', '/api/facilities')).json || []).length }),
  },
  {
    name: 'PATCH /api/facilities/{id}', method: 'PATCH', path: () => `/api/facilities/${w.F}`, role: () => ['admin'],
    bodies: () => hostileBodies({
      seed: 2, base: { name: `Test ${w.F}` }, nullMeansAbsent: true,
      fields: { ...facilityFields, active: { type: 'boolean' }, id: { type: 'string', pattern: /^$/, invalid: [j(w.G)] } },
    }),
    state: () => facilityOf(w.F),
  },
  {
    name: 'PUT /api/facilities/{id}/availability', method: 'PUT', path: () => `/api/facilities/${w.F}/availability`,
    role: () => ['operator', { facilities: [w.F] }],
    bodies: () => hostileBodies({
      seed: 3, base: { free: 4 },
      fields: {
        free: { type: 'number', required: true, invalid: ['-1', '10001', '11', '4.5'] },
        total: { type: 'number', invalid: ['-1', '10001', '3'] },
        asOf: { type: 'string', pattern: /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/, invalid: ['"2001-01-01T00:00:00Z"', '"2026-13-45T25:61:61Z"', '"yesterday"'] },
      },
    }),
    state: () => availabilityOf(w.F),
  },
  {
    name: 'POST /api/referrals', method: 'POST', path: () => '/api/referrals', role: () => ['patrol', { patrol: w.P1 }],
    headers: () => newRequest(),
    bodies: () => [
      ...hostileBodies({
        seed: 4, base: referralBody(w.P1, w.area),
        fields: {
          patrolId: { type: 'string', pattern: SLUG, required: true, invalid: ['"Maraude"', '""'] },
          personCode: { type: 'string', pattern: /^[A-Za-z0-9_-]{3,64}$/, required: true, invalid: ['"ab"', j('a'.repeat(65)), '"Jean Dupont"', '"a/b"'] },
          arrondissement: { type: 'string', pattern: /^\d{5}$/, required: true, invalid: ['"7501"'] },
          latitude: { type: 'number', invalid: ['91', '48.8'] /* alone, without longitude */ },
          needs: { type: 'object', required: true, invalid: ['{}', '{"couple":true}', j({ gender: 'ALIEN', couple: false, pet: false, wheelchair: false, activeUse: false }), j({ couple: false, pet: false, wheelchair: null, activeUse: false })] },
          kinds: { type: 'array', required: true, invalid: ['[]', '["CASTLE"]', '[null]', '["EMERGENCY_SHELTER","EMERGENCY_SHELTER"]', '[0]'] },
          urgency: { type: 'number', invalid: ['-1', '4', '1.5'] },
        },
      }),
      // Free text about the person is not accepted at all (it would be health data kept for nothing).
      { label: 'a note', body: j({ ...referralBody(w.P1, w.area), note: 'arrives in 20 minutes' }) },
      // Duplicate patrolId: its own first, a foreign one last. Whichever a reader keeps, no referral for either.
      { label: 'duplicate patrolId own then foreign', body: `${j(referralBody(w.P1, w.area)).slice(0, -1)},"patrolId":${j(w.P2)}}` },
    ],
    state: async () => ({ p1: (await referralsOf(w.P1)).length, p2: (await referralsOf(w.P2)).length }),
  },
  {
    name: 'POST /api/referrals/{id}/cancel', method: 'POST', path: () => `/api/referrals/${w.R2}/cancel`, role: () => ['patrol', { patrol: w.P1 }],
    settled: true, // the endpoint reads no body: on a cancelled referral it may answer 2xx again, but changes nothing
    bodies: () => hostileBodies({ seed: 5, base: { reason: 'x' }, fields: { reason: { type: 'string', max: 0 } } }),
    state: async () => ({ r2: await statusOf(w.R2), list: await referralsOf(w.P1) }),
  },
  {
    name: 'POST /api/referrals/{id}/arrival', method: 'POST', path: () => `/api/referrals/${w.R}/arrival`, role: () => ['operator', { facilities: [w.F] }],
    bodies: () => hostileBodies({
      seed: 6, nullIsValid: true, base: { facilityId: w.F },
      fields: { facilityId: { type: 'string', pattern: SLUG, invalid: ['"Z"', '"-a"', j(`${w.F} `)] } },
    }),
    state: async () => ({ r: await statusOf(w.R), availability: await availabilityOf(w.F) }),
  },
  {
    name: 'POST /api/referrals/{id}/decline', method: 'POST', path: () => `/api/referrals/${w.R}/decline`, role: () => ['operator', { facilities: [w.F] }],
    bodies: () => hostileBodies({
      seed: 7, base: { reason: 'NO_PLACE' },
      fields: { reason: { type: 'string', pattern: /^(NO_PLACE|NOT_ELIGIBLE|SAFETY|OTHER)$/, required: true, invalid: ['""', '"complet"', '"no_place"', '"Monsieur D. a un chien"'] } },
    }),
    state: async () => ({ r: await statusOf(w.R), availability: await availabilityOf(w.F) }),
  },
];

/** Runs fn over items with at most `limit` at a time. */
async function pool(items, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

function verdict(endpoint, item, r) {
  const where = `${endpoint.name} [${item.label}] -> ${r.status}`;
  if (r.status >= 500) return `${where}: server error ${r.text?.slice(0, 200)}`;
  if (r.status < 400 && !endpoint.settled) return `${where}: accepted a hostile body`;
  if (r.status >= 400) {
    if (!/application\/problem\+json/.test(r.contentType)) return `${where}: not problem+json (${r.contentType})`;
    if (/\bat [\w$.]+\([\w$]+\.java:\d+\)/.test(r.text ?? '')) return `${where}: stack trace in the answer`;
    if (r.status === 401 || r.status === 403) return `${where}: a valid token of the right role was refused`;
  }
  return null;
}

for (const endpoint of ENDPOINTS) {
  test(`${endpoint.name}: hostile bodies get 4xx problem+json and change nothing`, { timeout: 60000 }, async () => {
    w.newFacility ??= freshId('hostile');
    const bodies = endpoint.bodies();
    assert.ok(bodies.length >= 300, `${bodies.length} bodies`);
    const before = JSON.stringify(await endpoint.state());
    const [role, options] = endpoint.role();
    const failures = [];
    const statuses = {};
    const jwts = await tokensFor(role, { ...options, subject: freshId('hx') }, Math.ceil(bodies.length / PER_TOKEN));
    await pool(bodies, CONCURRENCY, async (item, i) => {
      const jwt = jwts[Math.floor(i / PER_TOKEN)];
      const headers = { ...bearer(jwt), ...(endpoint.headers?.() ?? {}), ...(item.contentType ? { 'Content-Type': item.contentType } : {}) };
      let r;
      try {
        r = await call(endpoint.method, endpoint.path(), item.body, headers);
      } catch (e) {
        failures.push(`${endpoint.name} [${item.label}]: no answer (${e.cause?.code || e.message})`);
        return;
      }
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      const bad = verdict(endpoint, item, r);
      if (bad) failures.push(bad);
    });
    console.log(`# ${endpoint.name}: ${bodies.length} bodies, statuses ${j(statuses)}`);
    assert.deepEqual(failures.slice(0, 25), [], `${failures.length} of ${bodies.length} hostile bodies misbehaved`);
    assert.equal(JSON.stringify(await endpoint.state()), before, `${endpoint.name}: the state changed`);
  });
}

const protocolRefusal = (status, path) => status === 414 || (status === 400 && path.includes('%ZZ'));

test('hostile ids in the path: 4xx problem+json, never 5xx', { timeout: 60000 }, async () => {
  const failures = [];
  const ids = [...HOSTILE_STRINGS.map((s) => encodeURIComponent(s)), '%2e%2e%2f%2e%2e%2f', '%00', 'a'.repeat(5000), '%ZZ', '..;', '%252e'];
  // Each id's calls with tokens of their own subjects (PER_TOKEN calls at most per subject): see PER_TOKEN.
  const subjects = Math.ceil((ids.length * 5) / PER_TOKEN);
  const [coordinators, operators, patrols] = await Promise.all([
    tokensFor('coordinator', { subject: freshId('hxc') }, subjects),
    tokensFor('operator', { facilities: [w.F], subject: freshId('hxo') }, subjects),
    tokensFor('patrol', { patrol: w.P1, subject: freshId('hxp') }, subjects),
  ]);
  const calls = ids.flatMap((id, i) => {
    const [coordinator, operator, patrol] = [coordinators, operators, patrols].map((list) => list[i % subjects]);
    return [
      ['GET', `/api/facilities/${id}`, coordinator],
      ['PUT', `/api/facilities/${id}/availability`, operator, { free: 1 }],
      ['GET', `/api/referrals/${id}`, coordinator],
      ['POST', `/api/referrals/${id}/cancel`, patrol],
      ['POST', `/api/referrals/${id}/arrival`, operator, { facilityId: w.F }],
      ['GET', `/api/patrols/${id}/referrals`, coordinator],
      ['GET', `/api/holds?facilityId=${id}`, coordinator],
      ['GET', `/api/capacity?arrondissement=${id}`, coordinator],
    ];
  });
  const before = JSON.stringify(await availabilityOf(w.F));
  await pool(calls, CONCURRENCY, async ([method, path, jwt, body]) => {
    const r = await call(method, path, body, bearer(jwt)).catch((e) => ({ status: 0, text: e.message }));
    if (r.status === 0 || r.status >= 500) failures.push(`${method} ${path.slice(0, 80)} -> ${r.status} ${r.text?.slice(0, 120)}`);
    // The HTTP layer refuses a request line over 4 KiB (414) and a malformed percent-encoding (400) before
    // any application code runs: a bare status, nothing reached a service.
    else if (r.status >= 400 && !protocolRefusal(r.status, path) && !/problem\+json/.test(r.contentType)) failures.push(`${method} ${path.slice(0, 80)} -> ${r.status} not problem+json`);
  });
  assert.deepEqual(failures.slice(0, 25), [], `${failures.length} path calls misbehaved`);
  assert.equal(JSON.stringify(await availabilityOf(w.F)), before);
});

test('a body over the 64 KiB limit gets 413 problem+json at the gateway and at the service, and changes nothing', async () => {
  const before = JSON.stringify(await availabilityOf(w.F));
  const body = JSON.stringify({ free: 1, padding: 'x'.repeat(70 * 1024) });
  const jwt = tokens.operator(w.F);
  // Through the gateway, then straight at capacity-service (the limit holds in both).
  for (const base of [BASE_URL, process.env.RELAIS_CAPACITY_URL || 'http://127.0.0.1:18081']) {
    const r = await fetch(`${base}/api/facilities/${w.F}/availability`, {
      method: 'PUT', body, headers: { 'Content-Type': 'application/json', ...bearer(jwt) },
    });
    const text = await r.text();
    assert.equal(r.status, 413, `${base}: ${r.status} ${text.slice(0, 120)}`);
    assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(JSON.parse(text).status, 413);
  }
  assert.equal(JSON.stringify(await availabilityOf(w.F)), before);
});
