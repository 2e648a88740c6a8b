#!/usr/bin/env node
// The isolation check of `deploy/relais test`: a live platform (a person's, or one the run started) is read through
// its public API, as a coordinator, before the tests and after them, and must come out exactly as it was: the tests
// run on a platform of their own and may neither read nor change a live one.
//
//   isolation.js night    --created FILE   give a live platform this run started a night's state: waitlisted
//                                          referrals in 75018, 75019 and 75020, and a few held places
//   isolation.js snapshot --out FILE       what the board, the waitlist and the indicators say, once settled
//   isolation.js compare  --before FILE --out FILE
//                                          the same again; exit 1, with the differences, when anything changed
//   isolation.js cancel   --created FILE   cancel the referrals `night` made (the run started that platform)
// Every command takes --gateway URL (the live gateway) and --launcher PATH (deploy/relais, for tokens where the
// gateway has no local sign-in).
//
// Tokens come from the gateway's local sign-in (POST /dev/login), which a loopback gateway offers to callers on its
// machine, so a platform started from another clone is read with its own keys; a gateway opened with --listen has
// none, and then the launcher signs them (this clone's keys, so the platform must be this clone's).
import { execFileSync } from 'node:child_process';
import { randomUUID, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    gateway: { type: 'string', default: 'http://127.0.0.1:8080' },
    launcher: { type: 'string' },
    created: { type: 'string' },
    before: { type: 'string' },
    out: { type: 'string' },
  },
});
const GATEWAY = options.gateway.replace(/\/$/, '');
const ARRONDISSEMENTS = ['75018', '75019', '75020'];

const say = (line) => process.stderr.write(`isolation: ${line}\n`);
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// ------------------------------------------------------------------------------------------------------------
// calls

const tokens = new Map();

async function token(role, patrolId) {
  const key = `${role}:${patrolId ?? ''}`;
  if (!tokens.has(key)) tokens.set(key, await signIn(role, patrolId));
  return tokens.get(key);
}

async function signIn(role, patrolId) {
  const r = await fetch(`${GATEWAY}/dev/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, patrolId }),
  });
  if (r.ok) return (await r.json()).token;
  if (!options.launcher) throw new Error(`the gateway's local sign-in answered ${r.status} and no --launcher was given`);
  const args = ['token', role, ...(patrolId ? ['--patrol', patrolId] : []), '--subject', 'isolation-check'];
  return execFileSync(options.launcher, args, { encoding: 'utf8', env: { ...process.env, RELAIS_PLATFORM: 'live' } }).trim();
}

/** Thrown when the live platform refuses our tokens: a gateway without local sign-in, started from another clone. */
class Unreadable extends Error {}

/** The live platform may still be starting (a person's `up` in another terminal): its gateway must be ready first. */
async function ready() {
  await until(`${GATEWAY}/q/health/ready to answer UP`, async () => {
    try {
      return (await fetch(`${GATEWAY}/q/health/ready`)).ok;
    } catch {
      return false;
    }
  }, 120000);
}

/** One call as a role; waits as asked on 429 (the gateway's per-subject limit), fails on anything but 2xx. */
async function call(method, path, { role = 'coordinator', patrolId, body, headers = {} } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    const r = await fetch(GATEWAY + path, {
      method,
      headers: {
        Authorization: `Bearer ${await token(role, patrolId)}`, Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (r.status === 429 && attempt < 30) {
      await sleep(1000 * Math.min(5, Math.max(0.2, Number(r.headers.get('retry-after')) || 1)));
      continue;
    }
    if (r.status === 401) throw new Unreadable(`${method} ${path} answered 401: the live platform refuses this clone's tokens`);
    if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

const get = (path) => call('GET', path);

async function until(what, check, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

// ------------------------------------------------------------------------------------------------------------
// a night's state

/** Needs that no facility of the seed in 75018-75020 accepts, whatever the hour: these referrals wait all night. */
const NEEDS_NOBODY_MEETS = { gender: 'MAN', couple: true, pet: true, wheelchair: true, activeUse: true };
const NEEDS_ANYONE_MEETS = { gender: 'MAN', couple: false, pet: false, wheelchair: false, activeUse: false };
const EVERY_KIND = ['EMERGENCY_SHELTER', 'REST_ROOM', 'CONSUMPTION_ROOM', 'LONG_STAY_HOUSING'];

async function request(patrolId, arrondissement, kinds, needs) {
  const accepted = await call('POST', '/api/referrals', {
    role: 'patrol', patrolId, headers: { 'Idempotency-Key': randomUUID() },
    body: { patrolId, personCode: `ISO-${randomBytes(4).toString('hex').toUpperCase()}`, arrondissement, kinds, needs },
  });
  return until(`referral ${accepted.id} matched`, async () => {
    const r = await get(`/api/referrals/${accepted.id}`);
    return r.status === 'REQUESTED' ? undefined : { id: r.id, patrolId, arrondissement, status: r.status };
  });
}

async function cancel({ id, patrolId }) {
  await call('POST', `/api/referrals/${id}/cancel`, { role: 'patrol', patrolId });
  await until(`referral ${id} cancelled`, async () => (await get(`/api/referrals/${id}`)).status === 'CANCELLED');
}

/**
 * Two waitlisted referrals in each board arrondissement, and one held place in each where a place is open now. A
 * request that found nothing open is cancelled at once: it would be held when a facility opens for the night, a change
 * of the clock's during the tests.
 */
async function night() {
  const patrols = await get('/api/patrols');
  const created = [];
  // The three arrondissements side by side; within one, in order (the held request comes after the waiting ones).
  // Every referral made is written down, even when another failed, so that `cancel` takes them all back.
  const outcomes = await Promise.allSettled(ARRONDISSEMENTS.map(async (arrondissement) => {
    const patrol = patrols.find((p) => p.arrondissement === arrondissement) ?? patrols[0];
    for (let i = 0; i < 2; i += 1) {
      const waiting = await request(patrol.id, arrondissement, ['EMERGENCY_SHELTER'], NEEDS_NOBODY_MEETS);
      created.push(waiting);
      if (waiting.status !== 'WAITLISTED') throw new Error(`referral ${waiting.id} in ${arrondissement} is ${waiting.status}, not WAITLISTED: the seed changed?`);
    }
    const held = await request(patrol.id, arrondissement, EVERY_KIND, NEEDS_ANYONE_MEETS);
    created.push(held);
    if (held.status !== 'HELD') {
      await cancel(held);
      held.status = 'CANCELLED';
    }
  }));
  writeFileSync(options.created, JSON.stringify(created, null, 2));
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
  const count = (status) => created.filter((r) => r.status === status).length;
  say(`a night's state: ${count('WAITLISTED')} waitlisted and ${count('HELD')} held referrals in ${ARRONDISSEMENTS.join(', ')}`);
}

async function cancelCreated() {
  const created = JSON.parse(readFileSync(options.created, 'utf8'));
  await Promise.all(created.filter((c) => c.status !== 'CANCELLED').map(cancel));
  say(`cancelled the ${created.length} referrals of the night's state`);
}

// ------------------------------------------------------------------------------------------------------------
// snapshots

const without = (object, ...fields) => Object.fromEntries(Object.entries(object).filter(([k]) => !fields.includes(k)));
const byKey = (list, key) => Object.fromEntries(list.map((item) => [item[key], item]));

/**
 * The live platform as a coordinator sees it, with fields that change with the clock alone left out:
 *   board.facilities[].stale, openNow, openTonight   a report ageing past its interval, opening hours;
 *   board.arrondissements[].nightPlaces              places of facilities open during the coming night (its edges);
 *   facilities[].stale, openNow                      the same, in capacity-service;
 *   board.generatedAt                                the time of the answer.
 * Indicators are read over one fixed window, the same both times, so their edges do not move between the two reads.
 */
async function snapshot(window) {
  const board = await get('/api/capacity');
  const patrols = await get('/api/patrols');
  const referrals = {};
  for (const p of patrols) {
    // Newest first: anything a test added would be at the top; 500 is the most the API lists.
    referrals[p.id] = byKey(await get(`/api/patrols/${encodeURIComponent(p.id)}/referrals?limit=500`), 'id');
  }
  const holds = await get('/api/holds');
  return {
    takenAt: new Date().toISOString(),
    window,
    board: {
      arrondissements: byKey(board.arrondissements.map((a) => ({ ...without(a, 'nightPlaces'), kinds: byKey(a.kinds, 'kind') })),
        'arrondissement'),
      kinds: byKey(board.kinds, 'kind'),
      facilities: byKey(board.facilities.map((f) => without(f, 'stale', 'openNow', 'openTonight')), 'id'),
    },
    facilities: byKey((await get('/api/facilities')).map((f) => without(f, 'stale', 'openNow')), 'id'),
    patrols: byKey(patrols, 'id'),
    referrals,
    holds: byKey(holds, 'referralId'),
    indicators: await get(`/api/indicators?from=${window.from}&to=${window.to}`),
    // The newest writes of every service: any write at all through the API leaves one.
    audit: Object.fromEntries((await get('/api/audit?limit=100'))
      .map((e) => [`${e.service}#${e.id}`, `${e.at} ${e.subject} ${e.action} ${e.targetType} ${e.targetId}`])),
    // Kept apart, not compared: what the clock alone may change, to explain differences (see clockEvents).
    clock: {
      openNow: Object.fromEntries(board.facilities.map((f) => [f.id, `${f.openNow}/${f.openTonight}`])),
      holdsExpire: holds.map((h) => h.expiresAt).sort()[0] ?? null,
    },
  };
}

const compared = (s) => without(s, 'takenAt', 'window', 'clock');

/** Writes recorded after the newest one of the first snapshot (older ones leave the newest 100 as new ones come). */
function newWrites(before, after) {
  const newest = Object.values(before.audit).sort().pop() ?? '';
  return Object.entries(after.audit).filter(([key, line]) => !(key in before.audit) && line > newest)
    .map(([key, line]) => ({ path: `audit.${key}`, before: undefined, after: line }));
}

/** A snapshot once two reads a second apart agree: the platform may still be relaying what it was last told. */
async function settled(window) {
  let last = await snapshot(window);
  for (let i = 0; i < 60; i += 1) {
    await sleep(1000);
    const next = await snapshot(window);
    if (JSON.stringify(compared(next)) === JSON.stringify(compared(last))) return next;
    last = next;
  }
  say('warning: the live platform kept changing for a minute (someone is using it?); taking its last state');
  return last;
}

/** The indicators' window: a year back and six hours ahead of the first snapshot, whatever the run's length. */
function windowFrom(now) {
  const t = Math.floor(now / 1000) * 1000;
  return { from: new Date(t - 365 * 86400000).toISOString(), to: new Date(t + 6 * 3600000).toISOString() };
}

// ------------------------------------------------------------------------------------------------------------
// differences

/** "path: before -> after" lines, one per leaf that differs; objects are keyed (ids), so order never matters. */
function differences(before, after, path = '', out = []) {
  if (JSON.stringify(before) === JSON.stringify(after)) return out;
  const objects = before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after);
  if (!objects) {
    out.push({ path, before, after });
    return out;
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    differences(before[key], after[key], path ? `${path}.${key}` : key, out);
  }
  return out;
}

const show = (v) => {
  const text = v === undefined ? '(none)' : JSON.stringify(v);
  return text.length > 240 ? `${text.slice(0, 240)}...` : text;
};

/** What the platform's own clock did between the two snapshots: holds or waitlist entries ending, facilities opening. */
function clockEvents(before, after) {
  const events = [];
  if (before.clock.holdsExpire && before.clock.holdsExpire < after.takenAt) events.push(`a hold expired (at ${before.clock.holdsExpire})`);
  for (const [patrol, list] of Object.entries(after.referrals)) {
    for (const [id, r] of Object.entries(list)) {
      if (r.status === 'EXPIRED' && before.referrals[patrol]?.[id]?.status !== 'EXPIRED') events.push(`referral ${id} expired`);
    }
  }
  for (const [id, open] of Object.entries(after.clock.openNow)) {
    const same = JSON.stringify(before.board.facilities[id]) === JSON.stringify(after.board.facilities[id]);
    if (same && before.clock.openNow[id] !== undefined && before.clock.openNow[id] !== open) events.push(`facility ${id} opened or closed`);
  }
  return events;
}

/**
 * Things the clock never makes: a facility, a patrol or a referral that was not there before, or a write through the
 * API (the audit trail records those only; scheduled jobs such as hold expiry write none).
 */
const isNew = (d) => d.before === undefined && /^(facilities|board\.facilities|patrols|referrals\.[^.]+|audit)\.[^.]+$/.test(d.path);

async function compare() {
  const before = JSON.parse(readFileSync(options.before, 'utf8'));
  const after = await settled(before.window);
  writeFileSync(options.out, JSON.stringify(after, null, 2));
  const diffs = [...differences(without(compared(before), 'audit'), without(compared(after), 'audit')), ...newWrites(before, after)];
  const since = `between ${before.takenAt} and ${after.takenAt}`;
  if (diffs.length === 0) {
    say(`the live platform is exactly as it was ${since}: board, facilities, waitlist and holds, indicators, audit trail`);
    return 0;
  }
  const created = diffs.filter(isNew);
  const clock = clockEvents(before, after);
  const lines = diffs.slice(0, 80).map((d) => `  ${d.path}: ${show(d.before)} -> ${show(d.after)}`);
  if (diffs.length > 80) lines.push(`  ... and ${diffs.length - 80} more (${options.before}, ${options.out})`);
  if (created.length === 0 && clock.length > 0) {
    say(`the live platform changed ${since}, but its own clock acted meanwhile (${clock.slice(0, 5).join('; ')}), and nothing`);
    say('new appeared in it: not counted as the tests\' doing. Differences:');
    process.stderr.write(`${lines.join('\n')}\n`);
    return 0;
  }
  say(`FAILED: the live platform changed ${since} (${diffs.length} difference(s)${created.length ? `, ${created.length} new thing(s)` : ''}):`);
  process.stderr.write(`${lines.join('\n')}\n`);
  say(`snapshots: ${options.before} and ${options.out}`);
  return 1;
}

async function takeSnapshot() {
  const s = await settled(windowFrom(Date.now()));
  writeFileSync(options.out, JSON.stringify(s, null, 2));
  const waiting = Object.values(s.referrals).flatMap((list) => Object.values(list)).filter((r) => r.status === 'WAITLISTED');
  const count = (code) => waiting.filter((r) => r.arrondissement === code).length;
  say(`snapshot of the live platform: ${Object.keys(s.facilities).length} facilities, ${Object.keys(s.holds).length} holds, `
    + `waitlisted ${ARRONDISSEMENTS.map((a) => `${a}: ${count(a)}`).join(', ')}`);
}

const commands = { night, snapshot: takeSnapshot, compare, cancel: cancelCreated };
const command = commands[positionals[0]];
if (!command) {
  say(`usage: isolation.js ${Object.keys(commands).join('|')} --gateway URL [--launcher PATH] [--created|--before|--out FILE]`);
  process.exit(2);
}
try {
  await ready();
  process.exitCode = (await command()) ?? 0;
} catch (e) {
  say(`error: ${e.message}`);
  // 3: the platform cannot be read at all (the launcher says so and goes on), 2: anything else.
  process.exitCode = e instanceof Unreadable ? 3 : 2;
}
