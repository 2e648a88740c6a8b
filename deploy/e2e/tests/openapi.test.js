// The API descriptions: the gateway's public one (served without a token, with Swagger UI) and each service's own,
// fetched from the running platform and linted with Redocly's recommended rules (no error, no warning). Every
// operation a service serves is in the public document, and every forwarded operation of the public one exists.
// Redocly runs offline here: its usage data and update check are turned off (redocly.yaml and the environment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BASE_URL, tokens, bearer, launch, screenshot } from '../lib/harness.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');
const REDOCLY = join(HERE, 'node_modules', '.bin', 'redocly');
// The services beside the gateway, on the ports the launcher names (gateway, capacity, referral, patrol), or the
// test platform's.
const [, capacityPort, referralPort, patrolPort] = (process.env.RELAIS_SERVICE_PORTS ?? '18080 18081 18082 18083').split(' ');
const host = new URL(BASE_URL).hostname;
const SERVICES = {
  'capacity-service': `http://${host}:${capacityPort}`,
  'referral-service': `http://${host}:${referralPort}`,
  'patrol-service': `http://${host}:${patrolPort}`,
};
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

async function fetchDescription(base, jwt) {
  const r = await fetch(`${base}/q/openapi?format=json`, { headers: jwt ? bearer(jwt) : {} });
  assert.equal(r.status, 200, `${base}/q/openapi -> ${r.status}`);
  return r.json();
}

async function lint(name, description) {
  const dir = await mkdtemp(join(tmpdir(), 'relais-openapi-'));
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(description, null, 2));
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_UPDATE_NOTIFIER: '1' };
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(REDOCLY, ['lint', '--format=json', file], { cwd: HERE, env, maxBuffer: 1 << 24 }));
  } catch (e) {
    stdout = e.stdout; // exit 1 on errors: the report says which
  }
  const report = JSON.parse(stdout);
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
  assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, `${name}:\n${problems.join('\n')}`);
}

/** "GET /api/facilities/{}" for each operation, path parameters' names aside. */
function operations(description) {
  const found = new Set();
  for (const [path, item] of Object.entries(description.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) found.add(`${method.toUpperCase()} ${path.replace(/\{[^}]+}/g, '{}')}`);
    }
  }
  return found;
}

test('the public API description needs no token, is the whole public API, and lints clean', async () => {
  const gateway = await fetchDescription(BASE_URL, null);
  assert.match(gateway.openapi, /^3\.1\./);
  assert.ok(Object.keys(gateway.paths).every((p) => p.startsWith('/api/')), 'only /api/** (no local sign-in)');
  await lint('gateway', gateway);
});

test('Swagger UI shows every operation under the pages\' security policy', { timeout: 120000 }, async () => {
  const ui = await fetch(`${BASE_URL}/q/swagger-ui/`);
  assert.equal(ui.status, 200, 'Swagger UI');
  assert.match(ui.headers.get('content-type'), /text\/html/);
  assert.match(ui.headers.get('content-security-policy'), /script-src 'self' 'sha256-/, 'its own policy, with hashes');
  const browser = await launch();
  try {
    const page = await browser.page();
    const refused = [];
    page.on('console', (m) => { if (m.type() === 'error') refused.push(m.text()); });
    await page.goto(`${BASE_URL}/q/swagger-ui/`);
    await page.locator('.opblock').first().waitFor();
    const documented = operations(await fetchDescription(BASE_URL, null)).size;
    assert.equal(await page.locator('.opblock').count(), documented, 'one block per operation');
    await screenshot(page, 'swagger-ui');
    assert.deepEqual(refused.filter((m) => /Content Security Policy|Refused/.test(m)), [], 'nothing refused by the policy');
    assert.deepEqual(browser.errors, [], 'no script error');
  } finally {
    await browser.close();
  }
});

test("each service's own description lints clean, and the public one covers every operation it serves", async () => {
  const gateway = operations(await fetchDescription(BASE_URL, null));
  const served = new Set();
  for (const [name, base] of Object.entries(SERVICES)) {
    const description = await fetchDescription(base, tokens.coordinator());
    await lint(name, description);
    for (const operation of operations(description)) {
      served.add(operation);
      // Each service's own audit trail is merged by the gateway under the same path.
      assert.ok(gateway.has(operation), `${name} serves ${operation}, which the public description lacks`);
    }
  }
  // The gateway answers these itself; every other public operation is some service's.
  const own = new Set(['GET /api/capacity', 'GET /api/capacity/stream', 'GET /api/audit']);
  for (const operation of gateway) {
    if (!own.has(operation)) assert.ok(served.has(operation), `${operation} is documented, but no service serves it`);
  }
});
