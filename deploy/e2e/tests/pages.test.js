// The three views are served where the issue says, speak French by default, label every control, and the
// patrol view is an installable PWA (manifest + service worker).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE_URL, DESKTOP, PHONE } from '../lib/harness.js';

let browser;
after(async () => browser?.close());

for (const path of ['/', '/patrol', '/operator']) {
  test(`GET ${path} answers the page`, async () => {
    const response = await fetch(`${BASE_URL}${path}`, { redirect: 'follow' });
    assert.equal(response.status, 200, `${path} -> ${response.status} (final URL ${response.url})`);
    assert.match(response.headers.get('content-type') || '', /text\/html/);
    assert.match(await response.text(), /<html lang="fr">/);
  });
}

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

test('every control of every view has a label, and the first Tab reaches the skip link', { timeout: 120000 }, async () => {
  browser = await launch();
  for (const [path, viewport] of [['/', DESKTOP], ['/patrol/', PHONE], ['/operator/', DESKTOP]]) {
    const page = await browser.page(viewport);
    await page.goto(`${BASE_URL}${path}`);
    await page.locator('#live-badge[data-state="live"]').waitFor();
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
  assert.deepEqual(browser.errors, [], 'no script error');
});
