// "Still accurate": an operator whose count has not changed confirms it in one tap; the count stops being stale
// everywhere without changing, and the confirmation is in the audit trail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, apiOk, eventually, createFacility, retireFacility, tokens, DESKTOP, PHONE } from '../lib/harness.js';
import { openOperator } from '../lib/views.js';

const created = [];
let browser;

after(async () => {
  await browser?.close();
  for (const id of created) await retireFacility(id);
});

test('the operator confirms an unchanged count in one tap and it is no longer stale', { timeout: 120000 }, async () => {
  browser = await launch();
  for (const [size, name] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    const facility = await createFacility({ arrondissement: '75018', totalPlaces: 12, label: 'E2E Toujours exact' });
    created.push(facility.id);
    // Counted three hours ago: overdue for a two-hour reporting interval.
    const counted = new Date(Date.now() - 3 * 3600 * 1000).toISOString();
    await apiOk(`/api/facilities/${facility.id}/availability`, { method: 'PUT', body: { free: 5, asOf: counted }, token: tokens.operator(facility.id) });
    assert.equal((await apiOk(`/api/facilities/${facility.id}`)).stale, true);

    const page = await browser.page(size);
    await openOperator(page, facility.id);
    await page.locator('#count-fresh [data-stale="true"]').waitFor();
    await screenshot(page, `still-accurate-1-stale-${name}`);
    const before = await apiOk(`/api/facilities/${facility.id}/availability`);
    await page.getByRole('button', { name: 'Toujours exact' }).click();
    await page.locator('#save-result .notice--ok').waitFor();
    await page.locator('#count-fresh [data-stale="false"]').waitFor();
    assert.equal((await page.locator('#count-free').textContent()).trim(), '5');
    await screenshot(page, `still-accurate-2-confirmed-${name}`);

    const confirmed = await apiOk(`/api/facilities/${facility.id}`);
    assert.equal(confirmed.stale, false);
    assert.equal(confirmed.availability.free, 5, 'the count did not change');
    assert.equal(confirmed.availability.version, before.version + 1);
    assert.ok(new Date(confirmed.availability.updatedAt) > new Date(before.updatedAt), 'updatedAt moved');
    // The live board (built from the topic) stops showing it as stale too.
    await eventually(async () => {
      const board = await apiOk('/api/capacity?arrondissement=75018');
      const entry = board.facilities.find((f) => f.id === facility.id);
      return entry && entry.stale === false && entry.version === confirmed.availability.version && entry.free === 5;
    }, { what: 'the board to show the confirmed count as fresh' });
    const audit = await apiOk(`/api/audit?facilityId=${facility.id}`);
    assert.equal(audit[0].action, 'AVAILABILITY_CONFIRMED', JSON.stringify(audit.map((e) => e.action)));
    assert.equal(audit[0].role, 'operator');
    await page.close();
  }
});
