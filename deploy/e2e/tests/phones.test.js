// Every page (the monthly report too) fits the phone it is read on: signed in with each role, at 320, 360 and 412 px wide and at 1440 px,
// no page scrolls sideways (document.documentElement.scrollWidth <= window.innerWidth) and nothing sticks out past
// the right edge, except inside a box that scrolls on its own (a wide table). The board holds facilities with long
// names and ids, a held place and a waitlisted request, so the pages show what a real night shows. The patrol view,
// the one used on a phone at night, also keeps every control at least 44 px high and every input at 16 px or more
// (a smaller font makes phones zoom in on focus). One screenshot per case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, apiOk, api, eventually, retireFacility, patrolIn, tokens, BASE_URL, randomSuffix, randomUUID } from '../lib/harness.js';
import { freshArea } from '../lib/api.js';
import { signIn } from '../lib/views.js';

const WIDTHS = [320, 360, 412, 1440];
const HEIGHT = { 320: 640, 360: 740, 412: 915, 1440: 900 };
// Each page is loaded once, at the most common phone's width, then the same window takes the other widths (a phone
// turned, a window resized): the pages' layout is CSS alone, and the one part drawn by script for its box's width (the
// 30-night chart) redraws itself when that box changes, as a person would see it. Loading every page again at each
// width would check the same layout four times over the cost of a sign-in and the live board's first data.
const LOADED_AT = 360;
const RESIZED_TO = WIDTHS.filter((w) => w !== LOADED_AT);
const ROLES = ['admin', 'coordinator', 'operator', 'patrol'];
const EVERYONE = { genders: ['WOMAN', 'MAN', 'NON_BINARY'], couples: true, pets: true, activeUse: true, wheelchair: true };

const created = [];
const referrals = [];
let browser;
let world;

/** A facility whose name and id are as long as the platform allows, the way real ones can be. */
async function longFacility({ arrondissement, free, totalPlaces = 40, name }) {
  // Ids are slugs of 2 to 64 characters: take nearly all of them.
  const id = `e2e-phones-centre-hebergement-urgence-${randomSuffix()}`.slice(0, 64);
  await apiOk('/api/facilities', {
    method: 'POST',
    token: tokens.admin(),
    body: {
      id, name, kind: 'EMERGENCY_SHELTER', arrondissement,
      address: '118 boulevard de la Villette-Jean-Jaurès-Stalingrad, escalier B, bâtiment des Hortensias',
      latitude: 48.887 + (Math.random() - 0.5) * 0.004, longitude: 2.381 + (Math.random() - 0.5) * 0.006,
      openingHours: [], eligibility: EVERYONE, totalPlaces, reportingInterval: 'PT2H', active: true,
    },
  });
  created.push(id);
  await apiOk(`/api/facilities/${id}/availability`, { method: 'PUT', body: { free }, token: tokens.operator(id) });
  return id;
}

async function request(patrolId, arrondissement, needs = { gender: 'MAN', couple: false, pet: false, wheelchair: false, activeUse: false }) {
  const body = {
    patrolId, personCode: `PH-${randomUUID().slice(0, 8)}`, arrondissement, needs,
    kinds: ['EMERGENCY_SHELTER'],
  };
  const posted = await apiOk('/api/referrals', { method: 'POST', body, token: tokens.patrol(patrolId), headers: { 'Idempotency-Key': randomUUID() } });
  referrals.push({ id: posted.id, patrolId });
  return posted.id;
}

async function statusOf(id, wanted) {
  return eventually(async () => {
    const r = await apiOk(`/api/referrals/${id}`);
    return r.status === wanted ? r : null;
  }, { timeout: 30000, what: `referral ${id} ${wanted}` });
}

before(async () => {
  const patrol = await patrolIn('75019', 0);
  // On the board, in the patrol's sector and the next one.
  const board = await longFacility({
    arrondissement: '75019', free: 3,
    name: "Centre d'hébergement d'urgence Saint-Vincent-de-Paul–Jean-Jaurès, pavillon des Hortensias (accueil de nuit inconditionnel)",
  });
  const other = await longFacility({
    arrondissement: '75018', free: 12,
    name: "Halte de nuit Association-pour-l'accompagnement-social-et-l'hébergement-des-personnes-isolées-du-Nord-Est-parisien",
  });
  // The full place in an area of its own, so the request made there waits.
  const fullArea = freshArea();
  const full = await longFacility({ arrondissement: fullArea, free: 0, totalPlaces: 6, name: 'Résidence sociale complète du quartier de test, sans place ce soir' });
  const inView = async (id, arrondissement, free) => ((await apiOk(`/api/capacity?arrondissement=${arrondissement}`)).facilities || [])
    .some((f) => f.id === id && f.free === free);
  await eventually(async () => (await inView(board, '75019', 3)) && (await inView(full, fullArea, 0)),
    { what: 'the long-named facilities in the live view' });
  // A person who needs everything a facility may refuse: the hold lands at a test facility, most likely the long-named one.
  const hold = await request(patrol.id, '75019', { gender: 'NON_BINARY', couple: true, pet: true, wheelchair: true, activeUse: true });
  const heldAt = (await statusOf(hold, 'HELD')).facilityId;
  const waiting = await request(patrol.id, fullArea);
  await statusOf(waiting, 'WAITLISTED');
  world = { patrol, board, other, full, heldAt };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const r of referrals) {
    await api(`/api/referrals/${r.id}/cancel`, { method: 'POST', token: tokens.patrol(r.patrolId), headers: { 'Idempotency-Key': randomUUID() } }).catch(() => {});
  }
  for (const id of created) await retireFacility(id);
});

function tokenOf(role) {
  if (role === 'operator') return tokens.operator(...new Set([world.heldAt, world.board, world.other, world.full]));
  if (role === 'patrol') return tokens.patrol(world.patrol.id);
  return tokens[role]();
}

/**
 * What sticks out: the page's width against the window's, and every visible element whose box crosses the
 * window's edges without an ancestor box (other than the page itself) that scrolls or clips it.
 */
async function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const outside = [];
    for (const el of document.body.querySelectorAll('*')) {
      // Not rendered (the content of a closed <details>): its box is not laid out again after a resize.
      if (!el.checkVisibility()) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right <= width + 0.5 && box.left >= -0.5) continue;
      let boxed = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') { boxed = true; break; }
      }
      if (boxed || getComputedStyle(el).position === 'fixed') continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
      outside.push(`${name} [${Math.round(box.left)}..${Math.round(box.right)}]`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, outside: outside.slice(0, 8) };
  });
}

/** On the patrol view: controls smaller than a fingertip, and inputs whose font makes the phone zoom on focus. */
async function fingerProblems(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const problems = [];
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${(el.textContent || '').trim().slice(0, 30)}"`;
    // Radio buttons and checkboxes are tapped through their label.
    const targets = [...document.querySelectorAll('button, a[href], select, input:not([type="radio"]):not([type="checkbox"]), textarea, summary, input[type="radio"] + label, input[type="checkbox"] + label')]
      .filter((el) => visible(el) && !el.closest('.visually-hidden') && !el.classList.contains('skip-link'));
    for (const el of targets) {
      const box = el.getBoundingClientRect();
      if (box.height < 44 - 0.5 || box.width < 44 - 0.5) problems.push(`${describe(el)} is ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (!visible(el) || el.type === 'radio' || el.type === 'checkbox') continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 16) problems.push(`${describe(el)} has a ${size}px font`);
    }
    return problems;
  });
}

// What each page shows once its data is there, per role. A role the page is not made for may be refused part of
// it (the patrol's referrals, the holds): it then shows the refusal, which must fit too.
const mayReadHolds = (role) => role === 'operator' || role === 'coordinator';
const mayReadReferrals = (role) => role === 'patrol' || role === 'coordinator';
const PAGES = {
  dashboard: {
    path: () => '/',
    ready: async (page) => {
      await page.locator('#live-badge[data-state="live"]').waitFor();
      await page.locator(`tr[data-facility="${world.board}"]`).waitFor();
    },
  },
  operator: {
    path: () => `/operator/?facility=${encodeURIComponent(world.heldAt)}`,
    ready: async (page, role) => {
      await page.locator('#op-content').waitFor();
      await page.locator(mayReadHolds(role) ? '#holds-list li.hold' : '#holds-list li').first().waitFor();
    },
  },
  // The monthly report: its figures for a coordinator, the refusal (403) for the other roles.
  report: {
    path: () => '/report/',
    ready: async (page) => {
      await page.locator('main[data-state="ready"], main[data-state="error"]').first().waitFor();
    },
  },
  // The patrol view has three tabs: each is a screen of its own on a phone.
  'patrol-places': { path: () => '/patrol/#places', ready: patrolReady(() => `#places-list li[data-facility="${world.board}"]`) },
  'patrol-request': { path: () => '/patrol/#request', ready: patrolReady(() => '#request-form') },
  'patrol-referrals': {
    path: () => '/patrol/#referrals',
    ready: patrolReady((role) => (mayReadReferrals(role) ? '#referrals-list li.ref[data-status="WAITLISTED"]' : '#panel-referrals')),
  },
};

function patrolReady(selector) {
  return async (page, role) => {
    if (role !== 'patrol') {
      await page.locator(`#patrol-select option[value="${world.patrol.id}"]`).waitFor({ state: 'attached' });
      await page.locator('#patrol-select').selectOption(world.patrol.id);
    }
    await page.locator('#arr-select option[value="75019"]').waitFor({ state: 'attached' });
    await page.locator('#arr-select').selectOption('75019');
    await page.locator(selector(role)).first().waitFor();
    if (mayReadReferrals(role) && selector(role).startsWith('#referrals')) {
      await page.locator('#referrals-list li.ref[data-status="HELD"]').first().waitFor();
    }
  };
}

/** The window at this width, laid out again and redrawn (ResizeObserver callbacks, then their animation frame). */
async function resize(page, width) {
  await page.setViewportSize({ width, height: HEIGHT[width] });
  await page.evaluate(() => new Promise((done) => {
    requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)));
  }));
  assert.equal(await page.evaluate(() => window.innerWidth), width, 'the window took the width');
}

async function check(page, label, { patrol = false } = {}) {
  await screenshot(page, `phones-${label}`);
  const seen = await overflow(page);
  assert.ok(seen.scrollWidth <= seen.innerWidth,
    `${label}: the page is ${seen.scrollWidth} px wide in a ${seen.innerWidth} px window; sticking out: ${seen.outside.join(', ')}`);
  assert.deepEqual(seen.outside, [], `${label}: nothing sticks out of the window`);
  if (patrol && seen.innerWidth < 640) {
    assert.deepEqual(await fingerProblems(page), [], `${label}: every control fits a finger, no input zooms the phone`);
  }
}

for (const [name, view] of Object.entries(PAGES)) {
  for (const role of ROLES) {
    test(`${name} signed in as ${role}: no sideways scroll at ${WIDTHS.join(', ')} px`, { timeout: 180000 }, async () => {
      const page = await browser.page({ width: LOADED_AT, height: HEIGHT[LOADED_AT] });
      try {
        await signIn(page, tokenOf(role));
        await page.goto(`${BASE_URL}${view.path()}`);
        await view.ready(page, role);
        const patrol = name.startsWith('patrol') && role === 'patrol';
        await check(page, `${name}-${role}-${LOADED_AT}`, { patrol });
        for (const width of RESIZED_TO) {
          await resize(page, width);
          await check(page, `${name}-${role}-${width}`, { patrol });
        }
      } finally {
        await page.close();
      }
    });
  }
}

test('the sign-in page, with each role picked: no sideways scroll at any width', { timeout: 120000 }, async () => {
  const page = await browser.page({ width: LOADED_AT, height: HEIGHT[LOADED_AT] });
  try {
    await page.goto(`${BASE_URL}/login/`);
    await page.locator('#login-form').waitFor();
    for (const width of [LOADED_AT, ...RESIZED_TO]) {
      if (width !== LOADED_AT) await resize(page, width);
      for (const role of ROLES) {
        await page.locator(`label[for="role-${role}"]`).click();
        if (role === 'operator') await page.locator('#login-facilities').fill([world.board, world.other, world.full].join(', '));
        if (role === 'patrol') await page.locator('#login-patrol').fill(world.patrol.id);
        await check(page, `login-${role}-${width}`);
      }
    }
  } finally {
    await page.close();
  }
});

test('no script error on any page', () => {
  assert.deepEqual(browser.errors, []);
});
