// Helpers for the API end-to-end tests: everything goes through the gateway, as people's traffic does,
// with bearer tokens minted by the launcher (lib/tokens.js) for the role each call needs.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tokens, bearer } from './tokens.js';

export { token, tokens, bearer } from './tokens.js';

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/$/, '');

/** Slowed down by the gateway's per-token rate limit: wait as asked (at most this many times). */
const RATE_LIMIT_RETRIES = Number(process.env.E2E_RATE_LIMIT_RETRIES ?? 30);

export async function call(method, path, body, headers = {}, retried = false) {
  let response;
  for (let limited = 0; ; limited += 1) {
    try {
      response = await send(method, path, body, headers);
    } catch (e) {
      // A pooled keep-alive connection to a process that has since restarted: try once on a new one.
      if (!retried && e.cause?.code === 'UND_ERR_SOCKET') return call(method, path, body, headers, true);
      throw e;
    }
    if (response.status !== 429 || limited >= RATE_LIMIT_RETRIES) break;
    await response.arrayBuffer();
    const after = Math.min(5, Math.max(0.2, Number(response.headers.get('retry-after')) || 1));
    await new Promise((r) => setTimeout(r, after * 1000));
  }
  const text = await response.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json, text, headers: response.headers };
}

function send(method, path, body, headers) {
  return fetch(BASE_URL + path, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    // A string or bytes go as they are (malformed JSON, invalid UTF-8); anything else as JSON.
    body: body === undefined ? undefined : (typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)),
  });
}

/** Headers of a new placement request: a patrol sends a fresh Idempotency-Key with each (required). */
export function newRequest(headers = {}) {
  return { ...headers, 'Idempotency-Key': randomUUID() };
}

export function freshId(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * A fresh 5-digit arrondissement-like code, so a test meets no other test's data in matching: the next one of a
 * sequence in the test platform's own scratch database (RELAIS_E2E_DB), shared by the test files, which run one
 * process each. The test platform starts empty at each run (`deploy/relais test` resets it), so no earlier run's data
 * holds these codes.
 */
export function freshArea() {
  const out = psql(process.env.RELAIS_E2E_DB ?? 'relais_e2e',
    "SET client_min_messages = warning; CREATE SEQUENCE IF NOT EXISTS test_area MINVALUE 0 MAXVALUE 9999 CYCLE; SELECT nextval('test_area')");
  return '9' + String(Number(out.trim().split('\n').pop()) % 10000).padStart(4, '0');
}

/** The test platform's PostgreSQL (the launcher exports where it is). */
function psql(database, command) {
  return execFileSync('psql', ['-X', '-qAt', '-v', 'ON_ERROR_STOP=1',
    '-h', process.env.RELAIS_DB_HOST ?? '127.0.0.1', '-p', process.env.RELAIS_DB_PORT ?? '15432',
    '-U', process.env.RELAIS_DB_USER ?? 'postgres', '-d', database, '-c', command], { encoding: 'utf8' });
}

const everyone = { genders: ['WOMAN', 'MAN', 'NON_BINARY'], couples: true, pets: true, activeUse: true, wheelchair: true };

/** A facility registered by the admin; when free is given, its operator reports it. */
export async function createFacility({ id = freshId('e2e'), arrondissement = '75019', kind = 'EMERGENCY_SHELTER', total = 10, free } = {}) {
  const created = await call('POST', '/api/facilities', {
    id, name: `Test ${id}`, kind, arrondissement, address: '1 rue de Test, Paris',
    latitude: 48.88, longitude: 2.38, openingHours: [], eligibility: everyone,
    totalPlaces: total, reportingInterval: 'PT2H',
  }, bearer(tokens.admin()));
  if (created.status !== 201) throw new Error(`create facility ${id}: ${created.status} ${created.text}`);
  if (free !== undefined) {
    const put = await call('PUT', `/api/facilities/${id}/availability`, { free }, bearer(tokens.operator(id)));
    if (put.status !== 200) throw new Error(`availability ${id}: ${put.status} ${put.text}`);
  }
  return id;
}

/** call() with the given token: as(tokens.coordinator())('GET', '/api/capacity'). */
export function as(jwt) {
  return (method, path, body, headers = {}) => call(method, path, body, { ...bearer(jwt), ...headers });
}

// 90 s by default, far above what relaying a change takes: a wait ends as soon as its condition holds, so only a
// failure waits that long.
export async function waitUntil(check, { timeoutMs = 90000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
