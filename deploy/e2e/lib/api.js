// Helpers for the API end-to-end tests: everything goes through the gateway, as people's traffic does.
import { randomUUID } from 'node:crypto';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

export async function call(method, path, body, headers = {}, retried = false) {
  let response;
  try {
    response = await send(method, path, body, headers);
  } catch (e) {
    // A pooled keep-alive connection to a process that has since restarted: try once on a new one.
    if (!retried && e.cause?.code === 'UND_ERR_SOCKET') return call(method, path, body, headers, true);
    throw e;
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
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
}

export function freshId(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh 5-digit arrondissement-like code so tests never meet other data in matching. */
export function freshArea() {
  return '9' + String(Math.floor(Math.random() * 10000)).padStart(4, '0');
}

const everyone = { genders: ['WOMAN', 'MAN', 'NON_BINARY'], couples: true, pets: true, activeUse: true, wheelchair: true };

export async function createFacility({ id = freshId('e2e'), arrondissement = '75019', kind = 'EMERGENCY_SHELTER', total = 10, free } = {}) {
  const created = await call('POST', '/api/facilities', {
    id, name: `Test ${id}`, kind, arrondissement, address: '1 rue de Test, Paris',
    latitude: 48.88, longitude: 2.38, openingHours: [], eligibility: everyone,
    totalPlaces: total, reportingInterval: 'PT2H',
  });
  if (created.status !== 201) throw new Error(`create facility ${id}: ${created.status} ${created.text}`);
  if (free !== undefined) {
    const put = await call('PUT', `/api/facilities/${id}/availability`, { free });
    if (put.status !== 200) throw new Error(`availability ${id}: ${put.status} ${put.text}`);
  }
  return id;
}

export async function waitUntil(check, { timeoutMs = 30000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
