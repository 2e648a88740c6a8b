// How a person drives each view, written once for the tests: by labels and visible controls, the way
// a patrol, an operator or a coordinator would.
import { BASE_URL } from './harness.js';

export async function openPatrol(page, { patrolId, arrondissement }) {
  await page.goto(`${BASE_URL}/patrol/`);
  await page.getByLabel('Maraude', { exact: true }).selectOption(patrolId);
  await page.getByLabel('Secteur', { exact: true }).selectOption(arrondissement);
}

/** Fills the request form for a person who needs everything a facility may refuse, and submits it. */
export async function requestPlace(page, code) {
  await page.locator('#tabbar button[data-tab="request"]').click();
  await page.getByLabel('Code de la personne').fill(code);
  await page.locator('label[for="gender-NON_BINARY"]').click();
  for (const need of ['couple', 'pet', 'wheelchair', 'activeUse']) {
    const box = page.locator(`#need-${need}`);
    if (!(await box.isChecked())) await page.locator(`label[for="need-${need}"]`).click();
  }
  // The emergency shelter first: the kind the test facilities are.
  const shelter = page.locator('button[data-kind="EMERGENCY_SHELTER"]');
  if ((await shelter.getAttribute('aria-pressed')) !== 'true') await shelter.click();
  await page.locator('#request-submit').click();
}

/** The follow-up card of the referral made for this person code (known on the device that sent it). */
export function referralCard(page, code, status) {
  const base = status ? `li.ref[data-status="${status}"]` : 'li.ref';
  return page.locator(base).filter({ hasText: `Code ${code}` });
}

export async function openDashboard(page) {
  await page.goto(`${BASE_URL}/`);
  await page.locator('#live-badge[data-state="live"]').waitFor();
}

export async function openOperator(page, facilityId) {
  await page.goto(`${BASE_URL}/operator/?facility=${encodeURIComponent(facilityId)}`);
  await page.locator('#op-content').waitFor();
}
