// Issue 5, privacy: no person code and no note ever reaches a log. Referrals with distinctive person codes
// and notes go through the gateway (accepted, refused for a foreign patrol, refused as invalid, replayed with
// an Idempotency-Key, cancelled), then every file in the platform's log folder is read: none may contain a
// code or a note, nor their URL-encoded or JSON-escaped forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { call, bearer, tokens, waitUntil } from '../lib/api.js';
import { REPO } from '../lib/tokens.js';
import { makeWorld, referralBody, statusOf } from '../lib/world.js';

const STATE = process.env.RELAIS_STATE_DIR || join(REPO, 'deploy', '.state');
const LOGS = join(STATE, 'logs');

async function logFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await logFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

test('person codes and notes never appear in any log file', { timeout: 120000 }, async () => {
  const files0 = await logFiles(LOGS).catch(() => []);
  assert.ok(files0.length > 0, `log files in ${LOGS} (set RELAIS_STATE_DIR to the platform's state folder)`);
  const w = await makeWorld({ referrals: false });
  const secrets = [];
  const code = () => {
    const c = `PRIV${randomBytes(6).toString('hex').toUpperCase()}`;
    secrets.push(c);
    return c;
  };
  const note = (extra = '') => {
    const n = `note-privee ${randomBytes(6).toString('hex')} ${extra}`.trim();
    secrets.push(n, n.split(' ')[1]);
    return n;
  };
  const asP1 = bearer(tokens.patrol(w.P1));
  const accepted = [];

  // Accepted requests, one with unicode tricks in its note (must be stored or refused cleanly, never logged).
  for (const extra of ['', 'RTL \u202E zero\u200Bwidth', 'quote " and \\ backslash']) {
    const r = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code(), note: note(extra) }), asP1);
    assert.ok(r.status === 202 || (r.status >= 400 && r.status < 500), `request -> ${r.status} ${r.text}`);
    if (r.status === 202) accepted.push(r.json.id);
  }
  assert.ok(accepted.length >= 1, 'at least one referral accepted');
  // Replayed with the same Idempotency-Key.
  const key = randomUUID();
  const replayed = referralBody(w.P1, w.area, { personCode: code(), note: note() });
  for (let i = 0; i < 2; i += 1) assert.equal((await call('POST', '/api/referrals', replayed, { ...asP1, 'Idempotency-Key': key })).status, 202);
  // Refused: a foreign patrol (403), an invalid request (400/422), no token (401), a note too long (422).
  assert.equal((await call('POST', '/api/referrals', referralBody(w.P2, w.area, { personCode: code(), note: note() }), asP1)).status, 403);
  const invalid = await call('POST', '/api/referrals', { ...referralBody(w.P1, w.area, { personCode: code(), note: note() }), kinds: ['CASTLE'] }, asP1);
  assert.ok([400, 422].includes(invalid.status), `invalid -> ${invalid.status}`);
  assert.equal((await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code(), note: note() }))).status, 401);
  const long = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code(), note: `${note()} ${'x'.repeat(400)}` }), asP1);
  assert.ok([400, 422].includes(long.status), `long note -> ${long.status}`);
  // A person code that is itself refused (it looks like a name) must not be echoed in a log either.
  const named = `Jeanne Privee${randomBytes(3).toString('hex')}`;
  secrets.push(named);
  const refusedCode = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: named }), asP1);
  assert.ok([400, 422].includes(refusedCode.status), `name as code -> ${refusedCode.status}`);

  // Let the referrals travel through Kafka and every service (matching, holds, streams), then cancel them.
  await waitUntil(async () => {
    const s = await Promise.all(accepted.map(statusOf));
    return s.every((x) => x && x !== 'REQUESTED');
  }, { timeoutMs: 90000, intervalMs: 300, what: 'referrals matched' });
  for (const id of accepted) await call('POST', `/api/referrals/${id}/cancel`, undefined, asP1);

  // Logs are written asynchronously: give the services a moment by polling the files until they stop growing.
  let sizes = '';
  await waitUntil(async () => {
    const files = await logFiles(LOGS);
    const now = (await Promise.all(files.map(async (f) => (await stat(f)).size))).join(',');
    const stable = now === sizes;
    sizes = now;
    return stable;
  }, { timeoutMs: 15000, intervalMs: 1000, what: 'log files to settle' });

  const files = await logFiles(LOGS);
  const forms = (s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1), s.replace(/ /g, '+')];
  const found = [];
  for (const file of files) {
    const text = (await readFile(file)).toString('utf8');
    for (const secret of secrets) {
      for (const form of new Set(forms(secret))) if (text.includes(form)) found.push(`${file}: contains ${JSON.stringify(form)}`);
    }
  }
  console.log(`# searched ${files.length} log files for ${secrets.length} codes and notes`);
  assert.deepEqual(found, [], 'no person code or note in any log');
});
