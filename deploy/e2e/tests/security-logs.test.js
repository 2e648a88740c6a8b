// Privacy: no person code ever reaches a log, and no free text about a person is accepted. Referrals with
// distinctive person codes go through the gateway (accepted, refused for a foreign patrol, refused as invalid,
// refused for carrying a note, refused as a second active request for the same person, replayed with an
// Idempotency-Key, cancelled), then every file in the platform's log folder is read: none may contain a code or
// a note, nor their URL-encoded or JSON-escaped forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { call, bearer, newRequest, tokens, waitUntil } from '../lib/api.js';
import { REPO } from '../lib/tokens.js';
import { makeWorld, referralBody, statusOf } from '../lib/world.js';

// The platform's log folder: the launcher says which (`deploy/relais e2e`); by default the test platform's.
const LOGS = process.env.RELAIS_LOGS_DIR || join(REPO, 'deploy', '.state', 'test-platform', 'logs');

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
  assert.ok(files0.length > 0, `log files in ${LOGS} (set RELAIS_LOGS_DIR to the platform's log folder)`);
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

  for (let i = 0; i < 3; i += 1) {
    const r = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code() }), newRequest(asP1));
    assert.equal(r.status, 202, `request -> ${r.status} ${r.text}`);
    accepted.push(r.json.id);
  }
  // Replayed with the same Idempotency-Key.
  const key = randomUUID();
  const replayed = referralBody(w.P1, w.area, { personCode: code() });
  for (let i = 0; i < 2; i += 1) assert.equal((await call('POST', '/api/referrals', replayed, { ...asP1, 'Idempotency-Key': key })).status, 202);
  // The same person again, with a new key: 409, naming the active referral.
  const again = await call('POST', '/api/referrals', { ...replayed, urgency: 2 }, newRequest(asP1));
  assert.equal(again.status, 409, `same person again -> ${again.status} ${again.text}`);
  // Refused: a foreign patrol (403), an invalid request (400/422), no token (401), a note in any form (400).
  assert.equal((await call('POST', '/api/referrals', referralBody(w.P2, w.area, { personCode: code() }), newRequest(asP1))).status, 403);
  const invalid = await call('POST', '/api/referrals', { ...referralBody(w.P1, w.area, { personCode: code() }), kinds: ['CASTLE'] }, newRequest(asP1));
  assert.ok([400, 422].includes(invalid.status), `invalid -> ${invalid.status}`);
  assert.equal((await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code() }), newRequest())).status, 401);
  for (const extra of ['', 'RTL \u202E zero\u200Bwidth', 'quote " and \\ backslash']) {
    const withNote = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: code(), note: note(extra) }), newRequest(asP1));
    assert.equal(withNote.status, 400, `a note -> ${withNote.status} ${withNote.text}`);
    assert.ok(!withNote.text.includes('note-privee'), 'the refusal does not echo the note');
  }
  // A person code that is itself refused (it looks like a name) must not be echoed in a log either.
  const named = `Jeanne Privee${randomBytes(3).toString('hex')}`;
  secrets.push(named);
  const refusedCode = await call('POST', '/api/referrals', referralBody(w.P1, w.area, { personCode: named }), newRequest(asP1));
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
