// Through the gateway with real tokens from `deploy/relais token`: who may do what, endpoint by
// endpoint (the README's rules table). Every endpoint is tried with no token, an expired token,
// a tampered token (claims changed, signature kept), a token signed by another key, an unsigned ("alg":
// "none") token and a well-signed token from another issuer (all 401); then with each role, including the
// operator of a foreign facility and the patrol of a foreign referral (403). Allowed writes are sent with an
// invalid body: getting 400/422 proves the caller passed the rights check without changing anything.
// After every refused write, the state read back is the same as before.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE_URL, call, bearer, newRequest, token, tokens, freshId } from '../lib/api.js';
import { tampered, signedByStranger, claimsOf, LAUNCHER } from '../lib/tokens.js';
import { makeWorld, availabilityOf, facilityOf, referralsOf, statusOf, referralBody } from '../lib/world.js';

let w;
const T = {};

before(async () => {
  w = await makeWorld();
  T.admin = tokens.admin();
  T.coordinator = tokens.coordinator();
  T.operatorOwn = tokens.operator(w.F);
  T.operatorForeign = tokens.operator(w.G);
  T.patrolOwn = tokens.patrol(w.P1);
  T.patrolForeign = tokens.patrol(w.P2);
  // Bad tokens: each must get 401 wherever a token is needed.
  const expired = token('coordinator', { ttl: 0 });
  await new Promise((r) => { setTimeout(r, 1500); }); // its exp (now + 0 s) is then in the past
  T.expired = expired;
  const admin = claimsOf(T.coordinator);
  T.tampered = tampered(T.coordinator, { groups: ['admin'], exp: admin.exp + 3600 });
  T.stranger = signedByStranger({ ...admin, groups: ['admin'] });
  T.unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${T.tampered.split('.')[1]}.`;
  T.otherIssuer = execFileSync(LAUNCHER, ['token', 'admin'], {
    encoding: 'utf8', env: { ...process.env, RELAIS_TOKEN_ISSUER: 'https://evil.example' }, stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
  T.garbage = 'not-a-jwt';
});

const BAD = ['none', 'expired', 'tampered', 'stranger', 'unsigned', 'otherIssuer', 'garbage'];
const ROLES = ['admin', 'coordinator', 'operatorOwn', 'operatorForeign', 'patrolOwn', 'patrolForeign'];
const ALL = Object.fromEntries(ROLES.map((r) => [r, 200]));
const ONLY = (allowed) => Object.fromEntries(ROLES.map((r) => [r, r in allowed ? allowed[r] : 403]));
const INVALID = [400, 422];

/**
 * The rules table. path/body are functions of the world; expect maps a role to a status (or a list of
 * accepted statuses); body: what a refused caller sends (a VALID request, so a missing check would show);
 * allowedBody: what the allowed role sends (invalid, so nothing changes); state: what must not change.
 */
const RULES = [
  { name: 'list facilities', method: 'GET', path: () => '/api/facilities', expect: ALL },
  { name: 'one facility', method: 'GET', path: () => `/api/facilities/${w.F}`, expect: ALL },
  { name: 'availability', method: 'GET', path: () => `/api/facilities/${w.F}/availability`, expect: ALL },
  { name: 'availability history', method: 'GET', path: () => `/api/facilities/${w.F}/availability/history`, expect: ALL },
  {
    name: 'register a facility', method: 'POST', path: () => '/api/facilities',
    body: () => ({
      id: w.newFacility, name: 'Intrus', kind: 'EMERGENCY_SHELTER', arrondissement: w.area, address: '1 rue Intruse',
      latitude: 48.88, longitude: 2.38, openingHours: [], eligibility: { genders: ['MAN'], couples: false, pets: false, activeUse: false, wheelchair: false },
      totalPlaces: 5, reportingInterval: 'PT2H',
    }),
    allowedBody: () => ({ id: w.newFacility, name: '', kind: 'NOT_A_KIND' }),
    expect: ONLY({ admin: INVALID }),
    state: async () => ({ created: (await facilityOf(w.newFacility)).status }),
  },
  {
    name: 'change a facility', method: 'PATCH', path: () => `/api/facilities/${w.F}`,
    body: () => ({ name: 'Renommé par un intrus', totalPlaces: 1 }),
    allowedBody: () => ({ totalPlaces: -1 }),
    expect: ONLY({ admin: INVALID }),
    state: () => facilityOf(w.F),
  },
  {
    name: 'report availability', method: 'PUT', path: () => `/api/facilities/${w.F}/availability`,
    body: () => ({ free: 1 }),
    allowedBody: () => ({ free: -1 }),
    expect: ONLY({ operatorOwn: INVALID }),
    state: () => availabilityOf(w.F),
  },
  {
    name: 'confirm a count unchanged', method: 'POST', path: () => `/api/facilities/${w.F}/availability/confirm`,
    body: () => ({}),
    allowedBody: () => ({ free: -1 }),
    expect: ONLY({ operatorOwn: INVALID, admin: INVALID }),
    state: () => availabilityOf(w.F),
  },
  { name: 'list patrols', method: 'GET', path: () => '/api/patrols', expect: ALL },
  { name: 'one patrol', method: 'GET', path: () => `/api/patrols/${w.P1}`, expect: ALL },
  {
    name: 'request a placement for P1', method: 'POST', path: () => '/api/referrals', headers: () => newRequest(),
    body: () => referralBody(w.P1, w.area),
    allowedBody: () => referralBody(w.P1, w.area, { personCode: 'a b' }),
    expect: ONLY({ patrolOwn: INVALID }),
    state: () => referralsOf(w.P1),
  },
  { name: 'one referral', method: 'GET', path: () => `/api/referrals/${w.R}`, expect: ONLY({ patrolOwn: 200, coordinator: 200 }) },
  { name: "a patrol's referrals", method: 'GET', path: () => `/api/patrols/${w.P1}/referrals`, expect: ONLY({ patrolOwn: 200, coordinator: 200 }) },
  { name: "a patrol's referral stream", method: 'GET', stream: true, path: () => `/api/patrols/${w.P1}/referrals/stream`, expect: ONLY({ patrolOwn: 200, coordinator: 200 }) },
  {
    // Refused callers first; the owner's cancel (which succeeds) runs in its own test below.
    name: 'cancel a referral (refused callers)', method: 'POST', path: () => `/api/referrals/${w.R2}/cancel`,
    expect: ONLY({ patrolOwn: 'skip' }),
    state: async () => ({ status: await statusOf(w.R2), list: await referralsOf(w.P1) }),
  },
  {
    name: 'confirm an arrival', method: 'POST', path: () => `/api/referrals/${w.R}/arrival`,
    body: () => ({ facilityId: w.F }),
    allowedBody: () => ({ facilityId: w.F, unknown: true }),
    expect: ONLY({ operatorOwn: INVALID }),
    state: async () => ({ status: await statusOf(w.R), availability: await availabilityOf(w.F) }),
  },
  {
    name: 'decline a hold', method: 'POST', path: () => `/api/referrals/${w.R}/decline`,
    body: () => ({ reason: 'NO_PLACE' }),
    allowedBody: () => ({ reason: '' }),
    expect: ONLY({ operatorOwn: INVALID }),
    state: async () => ({ status: await statusOf(w.R), availability: await availabilityOf(w.F) }),
  },
  { name: "a facility's holds", method: 'GET', path: () => `/api/holds?facilityId=${w.F}`, expect: ONLY({ operatorOwn: 200, coordinator: 200 }) },
  { name: 'holds without facilityId', method: 'GET', path: () => '/api/holds', expect: ONLY({ coordinator: 200, operatorOwn: [400, 403], operatorForeign: [400, 403] }) },
  { name: 'indicators', method: 'GET', path: () => '/api/indicators', expect: ONLY({ coordinator: 200 }) },
  { name: 'daily history', method: 'GET', path: () => '/api/indicators/daily', expect: ONLY({ coordinator: 200 }) },
  { name: 'daily stale reporters', method: 'GET', path: () => '/api/indicators/daily/stale-reporters', expect: ONLY({ coordinator: 200 }) },
  // The allowed roles send a day that is no date: refused, nothing recomputed.
  { name: 'recompute a night', method: 'POST', path: () => '/api/indicators/daily/recompute?day=not-a-day', expect: ONLY({ coordinator: 400, admin: 400 }) },
  { name: 'FHIR Tasks', method: 'GET', path: () => '/api/fhir/Task', expect: ONLY({ coordinator: 200 }) },
  { name: 'FHIR Task', method: 'GET', path: () => `/api/fhir/Task/${w.R}`, expect: ONLY({ coordinator: 200 }) },
  { name: 'FHIR HealthcareServices', method: 'GET', path: () => '/api/fhir/HealthcareService', expect: ONLY({ coordinator: 200 }) },
  { name: 'FHIR HealthcareService', method: 'GET', path: () => `/api/fhir/HealthcareService/${w.F}`, expect: ONLY({ coordinator: 200 }) },
  { name: 'audit of a facility', method: 'GET', path: () => `/api/audit?facilityId=${w.F}`, expect: ONLY({ coordinator: 200 }) },
  { name: 'audit', method: 'GET', path: () => '/api/audit', expect: ONLY({ coordinator: 200 }) },
  { name: 'capacity', method: 'GET', path: () => '/api/capacity', expect: ALL },
  { name: 'capacity stream', method: 'GET', stream: true, path: () => '/api/capacity/stream', expect: ALL },
  { name: 'an unknown API path', method: 'GET', path: () => '/api/no-such-thing', expect: Object.fromEntries(ROLES.map((r) => [r, [403, 404, 405]])) },
];

/** One request; streams are opened, their status read, and closed at once. */
async function send(rule, jwt, body) {
  const headers = jwt ? bearer(jwt) : {};
  if (rule.stream) {
    let controller;
    let response;
    // Slowed down by the gateway's rate limit (per subject, per address when anonymous): wait as asked.
    for (let limited = 0; ; limited += 1) {
      controller = new AbortController();
      response = await fetch(BASE_URL + rule.path(), { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
      if (response.status !== 429 || limited > 30) break;
      controller.abort();
      await new Promise((r) => { setTimeout(r, Math.min(5, Number(response.headers.get('retry-after')) || 1) * 1000); });
    }
    const contentType = response.headers.get('content-type') ?? '';
    let json;
    if (response.status >= 400) json = await response.json().catch(() => undefined);
    controller.abort();
    return { status: response.status, contentType, json, text: JSON.stringify(json), headers: response.headers };
  }
  return call(rule.method, rule.path(), body, { ...headers, ...(rule.headers?.() ?? {}) });
}

function assertProblem(r, where) {
  assert.match(r.contentType, /application\/problem\+json/, `${where}: problem+json (got ${r.contentType})`);
  assert.equal(r.json?.status, r.status, `${where}: the problem's status`);
  assert.doesNotMatch(r.text ?? '', /\bat [\w$.]+\([\w$]+\.java:\d+\)/, `${where}: no stack trace`);
}

const matches = (status, expected) => (Array.isArray(expected) ? expected.includes(status) : status === expected);

for (const rule of RULES) {
  test(`${rule.method} ${rule.name}`, async () => {
    w.newFacility ??= freshId('intrus');
    const snapshot = rule.state ? JSON.stringify(await rule.state()) : null;
    const unchanged = async (who) => {
      if (snapshot !== null) assert.equal(JSON.stringify(await rule.state()), snapshot, `${rule.name}: ${who} changed nothing`);
    };
    for (const bad of BAD) {
      const r = await send(rule, bad === 'none' ? null : T[bad], rule.body?.());
      assert.equal(r.status, 401, `${rule.name} with ${bad} token -> ${r.status} ${r.text ?? ''}`);
      assertProblem(r, `${rule.name} with ${bad} token`);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/i, `${rule.name} with ${bad} token: WWW-Authenticate`);
      await unchanged(`${bad} token`);
    }
    for (const role of ROLES) {
      const expected = rule.expect[role];
      if (expected === 'skip') continue;
      const allowed = !matches(403, expected);
      const body = allowed && rule.allowedBody ? rule.allowedBody() : rule.body?.();
      const r = await send(rule, T[role], body);
      assert.ok(matches(r.status, expected), `${rule.name} as ${role} -> ${r.status}, expected ${expected}: ${r.text ?? ''}`);
      if (r.status >= 400) assertProblem(r, `${rule.name} as ${role}`);
      if (r.status === 403 || rule.allowedBody) await unchanged(role);
    }
  });
}

test('the patrol of the referral may cancel it; afterwards it is no longer held', async () => {
  const r = await call('POST', `/api/referrals/${w.R2}/cancel`, undefined, bearer(T.patrolOwn));
  assert.ok([200, 202].includes(r.status), `owner cancel -> ${r.status} ${r.text}`);
  const status = await statusOf(w.R2);
  assert.ok(['CANCEL_REQUESTED', 'CANCELLED', 'HELD'].includes(status), `R2 is ${status}`);
});

test('a token bound to one patrol cannot request for another (body patrolId) nor read another patrol', async () => {
  const before = await referralsOf(w.P2);
  const r = await call('POST', '/api/referrals', referralBody(w.P2, w.area), newRequest(bearer(T.patrolOwn)));
  assert.equal(r.status, 403, r.text);
  assertProblem(r, 'patrol P1 requesting for P2');
  assert.deepEqual(await referralsOf(w.P2), before, 'no referral for P2');
  const read = await call('GET', `/api/patrols/${w.P2}/referrals`, undefined, bearer(T.patrolOwn));
  assert.equal(read.status, 403);
});

test('an operator bound to F cannot report G, nor see G\'s holds', async () => {
  const before = await availabilityOf(w.G);
  const put = await call('PUT', `/api/facilities/${w.G}/availability`, { free: 0 }, bearer(T.operatorOwn));
  assert.equal(put.status, 403, put.text);
  assertProblem(put, 'operator F on G');
  assert.deepEqual(await availabilityOf(w.G), before, 'G unchanged');
  const holds = await call('GET', `/api/holds?facilityId=${w.G}`, undefined, bearer(T.operatorOwn));
  assert.equal(holds.status, 403, holds.text);
});

test('health and static pages need no token', async () => {
  for (const path of ['/q/health/live', '/q/health/ready', '/', '/patrol/', '/operator/', '/login/', '/assets/css/relais.css']) {
    const r = await fetch(BASE_URL + path);
    // Read to the end: a body left unread keeps its connection, and the test process, alive.
    await r.arrayBuffer();
    assert.equal(r.status, 200, `${path} -> ${r.status}`);
  }
});
