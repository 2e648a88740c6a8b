// The local sign-in (/login/, POST /dev/login) answers a browser on the platform's machine, on the gateway's usual
// port, whether one gateway listens there or HAProxy in front of two (`up --cluster`: `deploy/relais test` runs this
// file on it too); a request that says a proxy relayed it is refused, whatever address it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, bearer } from '../lib/api.js';

test('a caller on this machine signs in locally and its token opens its pages', async () => {
  assert.equal((await call('GET', '/dev/login')).status, 204, 'GET /dev/login offers the local sign-in');
  const signIn = await call('POST', '/dev/login', { role: 'coordinator' });
  assert.equal(signIn.status, 200, signIn.text);
  assert.match(signIn.json.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const board = await call('GET', '/api/capacity', undefined, bearer(signIn.json.token));
  assert.equal(board.status, 200, 'the signed-in coordinator reads the board');
});

test('a sign-in relayed by a proxy is refused, even one naming this machine', async () => {
  const relayed = await call('POST', '/dev/login', { role: 'admin' }, { 'X-Forwarded-For': '127.0.0.1' });
  assert.equal(relayed.status, 403, relayed.text);
  assert.match(relayed.contentType, /^application\/problem\+json/);
  assert.match(relayed.json.detail, /deploy\/relais token/);
});
