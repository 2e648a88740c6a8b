// The views are served where the issue says, speak French by default, label every control, and the
// patrol view is an installable PWA (manifest + service worker). Security of the pages: strict CSP, no-sniff
// and frame-deny headers; no inline script or style anywhere (the CSP would block it); the API refuses a
// caller without a token (401 problem+json); the local sign-in page signs a person in and out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, BASE_URL, DESKTOP, PHONE, tokens, createFacility, retireFacility, patrolIn } from '../lib/harness.js';
import { REPO } from '../lib/tokens.js';
import { signIn, signInThroughPage } from '../lib/views.js';

const PAGES = join(REPO, 'gateway', 'src', 'main', 'resources', 'META-INF', 'resources');
const created = [];
let browser;
after(async () => {
  await browser?.close();
  for (const id of created) await retireFacility(id);
});

for (const path of ['/', '/patrol', '/operator', '/report', '/login/']) {
  test(`GET ${path} answers the page with the security headers`, async () => {
    const response = await fetch(`${BASE_URL}${path}`, { redirect: 'follow' });
    assert.equal(response.status, 200, `${path} -> ${response.status} (final URL ${response.url})`);
    assert.match(response.headers.get('content-type') || '', /text\/html/);
    assert.match(await response.text(), /<html lang="fr">/);
    const csp = response.headers.get('content-security-policy') || '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), `${path}: CSP has ${directive} (got "${csp}")`);
    }
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${path}: no unsafe-inline/unsafe-eval in the CSP`);
    assert.equal((response.headers.get('x-content-type-options') || '').toLowerCase(), 'nosniff');
    assert.equal((response.headers.get('x-frame-options') || '').toUpperCase(), 'DENY');
  });
}

test('the API without a token answers 401 problem+json, with WWW-Authenticate: Bearer', async () => {
  for (const path of ['/api/capacity', '/api/capacity/stream', '/api/facilities', '/api/patrols']) {
    const response = await fetch(`${BASE_URL}${path}`, { headers: { Accept: 'application/json, text/event-stream' } });
    assert.equal(response.status, 401, `${path} without a token`);
    assert.match(response.headers.get('content-type') || '', /application\/problem\+json/, path);
    assert.match(response.headers.get('www-authenticate') || '', /^Bearer/i, path);
    const problem = await response.json();
    assert.equal(problem.status, 401, path);
  }
});

test('no page has an inline script, inline style or event-handler attribute (the CSP allows none)', async () => {
  const files = (await readdir(PAGES, { recursive: true })).filter((f) => f.endsWith('.html'));
  assert.ok(files.length >= 4, 'the four pages are found');
  for (const file of files) {
    const html = await readFile(join(PAGES, file), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${file}: inline <script>`);
    assert.doesNotMatch(html, /<style[\s>]/i, `${file}: <style> element`);
    assert.doesNotMatch(html, /\sstyle\s*=/i, `${file}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${file}: event-handler attribute`);
    assert.doesNotMatch(html, /javascript:/i, `${file}: javascript: URL`);
  }
});

test('the patrol view is installable: manifest and service worker are served', async () => {
  const manifest = await fetch(`${BASE_URL}/patrol/manifest.json`);
  assert.equal(manifest.status, 200);
  const body = await manifest.json();
  assert.equal(body.start_url.startsWith('/patrol/'), true);
  assert.ok(body.icons.some((i) => i.sizes === '512x512'));
  const worker = await fetch(`${BASE_URL}/patrol/sw.js`);
  assert.equal(worker.status, 200);
  assert.match(worker.headers.get('content-type') || '', /javascript/);
});

/** Collects what the browser reports as refused by the CSP. */
function cspWatch(page, into) {
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`); });
}

test('every control of every view has a label, the first Tab reaches the skip link, nothing breaks the CSP', { timeout: 120000 }, async () => {
  const facility = await createFacility({ arrondissement: '75019', free: 3, totalPlaces: 5, label: 'E2E Pages' });
  created.push(facility.id);
  const patrol = await patrolIn('75019', 0);
  browser = await launch();
  const violations = [];
  const live = '#live-badge[data-state="live"]';
  for (const [path, viewport, jwt, ready] of [
    ['/', DESKTOP, tokens.coordinator(), live],
    ['/patrol/', PHONE, tokens.patrol(patrol.id), live],
    [`/operator/?facility=${facility.id}`, DESKTOP, tokens.operator(facility.id), live],
    // The monthly report has no live data: it is ready once the month's figures are in.
    ['/report/', DESKTOP, tokens.coordinator(), 'main[data-state="ready"]'],
  ]) {
    const page = await browser.page(viewport);
    cspWatch(page, violations);
    await signIn(page, jwt);
    await page.goto(`${BASE_URL}${path}`);
    await page.locator(ready).waitFor();
    await page.locator('#signed-in-as').waitFor();
    const unlabelled = await page.$$eval('input, select, textarea, button', (controls) => controls
      .filter((c) => c.type !== 'hidden')
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby')
        && !(c.tagName === 'BUTTON' && c.textContent.trim()))
      .map((c) => c.outerHTML.slice(0, 120)));
    assert.deepEqual(unlabelled, [], `${path}: controls without a label`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link', `${path}: skip link first`);
    await page.close();
  }
  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(browser.errors, [], 'no script error');
});

test('a person without a token is sent to /login/, signs in there, comes back, and can sign out', { timeout: 120000 }, async () => {
  browser ??= await launch();
  const page = await browser.page(DESKTOP);
  const violations = [];
  cspWatch(page, violations);
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL((url) => url.pathname === '/login/' && url.searchParams.get('next') === '/');
  const banner = await page.locator('#local-only').textContent();
  assert.match(banner, /Plateforme locale uniquement/);
  assert.match(banner, /Local platform only/);

  await signInThroughPage(page, { role: 'coordinator', next: '/' });
  assert.equal(new URL(page.url()).pathname, '/');
  await page.locator('#live-badge[data-state="live"]').waitFor();
  assert.match(await page.locator('#signed-in-as').textContent(), /Coordination/);
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('relais.token'), local: JSON.stringify(localStorage) }));
  assert.match(stored.session || '', /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the token is kept in sessionStorage');
  assert.ok(!stored.local.includes(stored.session), 'and not in localStorage');

  await page.locator('#sign-out').click();
  await page.waitForURL((url) => url.pathname === '/login/');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('relais.token')), null, 'signed out: no token left');
  assert.deepEqual(violations, [], 'no CSP violation');
  await page.close();
});
