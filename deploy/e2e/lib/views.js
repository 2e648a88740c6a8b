// How a person drives each view, written once for the tests: by labels and visible controls, the way
// a patrol, an operator or a coordinator would.
// Each view is opened signed in with the token its person would have (minted by the launcher and put in the
// tab's sessionStorage before the page's scripts run); signInThroughPage drives /login/ itself.
import { BASE_URL } from './harness.js';
import { tokens } from './tokens.js';

const TOKEN_KEY = 'relais.token';

/** Signs the page in with this token before any of its documents runs a script (again after reloads, where none is stored). */
export async function signIn(page, jwt) {
  await page.addInitScript(({ key, value, origin }) => {
    try {
      if (location.origin === origin && !sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
    } catch {
      /* about:blank and other documents without storage */
    }
  }, { key: TOKEN_KEY, value: jwt, origin: new URL(BASE_URL).origin });
}

/** Signs in as a person does: /login/, a role, a patrol or facilities, submit; lands on `next` or the role's page. */
export async function signInThroughPage(page, { role, patrolId, facilityIds = [], next } = {}) {
  await page.goto(`${BASE_URL}/login/${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.locator(`label[for="role-${role}"]`).click();
  if (role === 'patrol') await page.locator('#login-patrol').fill(patrolId);
  if (role === 'operator') await page.locator('#login-facilities').fill(facilityIds.join(', '));
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('#login-submit').click()]);
}

export async function openPatrol(page, { patrolId, arrondissement }) {
  await signIn(page, tokens.patrol(patrolId));
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
  await signIn(page, tokens.coordinator());
  await page.goto(`${BASE_URL}/`);
  await page.locator('#live-badge[data-state="live"]').waitFor();
}

export async function openOperator(page, facilityId) {
  await signIn(page, tokens.operator(facilityId));
  await page.goto(`${BASE_URL}/operator/?facility=${encodeURIComponent(facilityId)}`);
  await page.locator('#op-content').waitFor();
}
