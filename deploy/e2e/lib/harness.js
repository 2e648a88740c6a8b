// What every end-to-end test needs: the platform's address, Chromium launched the way the project runs
// it, a small API client to create what a test needs, waiting without sleeping, and screenshots.
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { tokens, bearer } from './tokens.js';

export { token, tokens, bearer } from './tokens.js';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'screenshots');
/** How long after the patrol sees its hold the dashboard must show it (the issue says within a second). */
export const LIVE_MS = Number(process.env.E2E_LIVE_MS || 1000);

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1440, height: 900 };

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * Chromium with a fresh user-data dir (no service worker, storage or cache left from another run).
 * Returns the persistent context; close() also removes the profile.
 */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'relais-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: DESKTOP,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  const errors = [];
  context.on('weberror', (e) => errors.push(e.error().message));
  return {
    context,
    errors,
    async page(viewport = DESKTOP) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.setDefaultTimeout(15000);
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Calls the platform from the test (never offline). Returns {status, body, headers}. token: the bearer token
 * to send (default: a coordinator's, who may read everything; null: none).
 */
export async function api(path, { method = 'GET', body, headers = {}, token } = {}) {
  const jwt = token === undefined ? tokens.coordinator() : token;
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(jwt ? bearer(jwt) : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export async function apiOk(path, options) {
  const result = await api(path, options);
  if (result.status < 200 || result.status >= 300) {
    throw new Error(`${options?.method || 'GET'} ${path} -> ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

/** Polls fn until it returns a truthy value; fails with the last value seen. */
export async function eventually(fn, { timeout = 15000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => { setTimeout(r, interval); });
  }
}

export function randomSuffix() {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function personCode() {
  return `E2E-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export { randomUUID };

// A point inside each arrondissement, so test facilities land where the map expects them.
const CENTRES = { 75018: [48.8905, 2.3500], 75019: [48.8870, 2.3810], 75020: [48.8630, 2.3980] };

const EVERYONE = { genders: ['WOMAN', 'MAN', 'NON_BINARY'], couples: true, pets: true, activeUse: true, wheelchair: true };

/**
 * A fresh facility that accepts everyone, always open; when free is given, its operator reports it
 * (otherwise it has never reported and is stale).
 */
export async function createFacility({ arrondissement = '75019', kind = 'EMERGENCY_SHELTER', totalPlaces = 30, free, label = 'E2E', at } = {}) {
  const id = `e2e-${randomSuffix()}`;
  const [lat, lon] = CENTRES[arrondissement] || CENTRES[75019];
  const view = await apiOk('/api/facilities', {
    method: 'POST',
    token: tokens.admin(),
    body: {
      id,
      name: `${label} ${id.slice(4)}`,
      kind,
      arrondissement,
      address: `${10 + Math.floor(Math.random() * 80)} rue de l'Essai`,
      // `at` puts it exactly there (a test about distances); else somewhere near the arrondissement's centre.
      latitude: at ? at[0] : lat + (Math.random() - 0.5) * 0.004,
      longitude: at ? at[1] : lon + (Math.random() - 0.5) * 0.006,
      openingHours: [],
      eligibility: EVERYONE,
      totalPlaces,
      reportingInterval: 'PT2H',
      active: true,
    },
  });
  if (free != null) await apiOk(`/api/facilities/${id}/availability`, { method: 'PUT', body: { free }, token: tokens.operator(id) });
  return view;
}

/** Tests leave no open places behind them: their facilities are deactivated. */
export async function retireFacility(id) {
  if (!id) return;
  await api(`/api/facilities/${id}`, { method: 'PATCH', body: { active: false }, token: tokens.admin() }).catch(() => {});
}

export async function patrolIn(arrondissement, index = 0) {
  const patrols = await apiOk('/api/patrols');
  const local = patrols.filter((p) => p.arrondissement === arrondissement);
  const list = local.length ? local : patrols;
  if (!list.length) throw new Error('no patrol in /api/patrols');
  return list[index % list.length];
}

export async function referralIds(patrolId) {
  const list = await apiOk(`/api/patrols/${patrolId}/referrals`);
  return new Set(list.map((r) => r.id));
}

/** Text of the dashboard cell for one facility and one column (free, held, offered, ...), as a number. */
export async function dashboardNumber(page, facilityId, column) {
  const text = await page.locator(`tr[data-facility="${facilityId}"] td[data-col="${column}"]`).textContent({ timeout: 1000 });
  return Number(text.replace(/\s/g, ''));
}
