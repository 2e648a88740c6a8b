// DOM helpers shared by the three views: element builder, header with navigation and language switch,
// live badge, eligibility list, freshness line, problem notices. Text always goes in as text, never as HTML.
import { icon, GENDER_ICONS, KIND_ICONS } from './icons.js';
import { t, getLang, setLang, applyI18n, onLangChange } from './i18n.js';
import { ago, kindLabel } from './format.js';
import { describeProblem } from './api.js';
import { session, signOut, loginUrl } from './auth.js';

/** h('p', {class: 'x', onclick: fn}, 'text', otherNode) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const LOGO = `<svg class="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
  <rect width="32" height="32" rx="7" fill="#ffffff"/>
  <path d="M6 22 16 8l10 14" fill="none" stroke="#17325c" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M11 22h10" stroke="#2f9e5b" stroke-width="3.2" stroke-linecap="round"/>
</svg>`;

const VIEWS = [
  { id: 'dashboard', href: '/', key: 'nav.dashboard' },
  { id: 'patrol', href: '/patrol/', key: 'nav.patrol' },
  { id: 'operator', href: '/operator/', key: 'nav.operator' },
];

/**
 * Fills the page's <header id="app-header"> and returns the live badge element. Options: live (show the live
 * badge, default true) and account (show who is signed in and a sign-out button, default true).
 */
export function mountHeader(view, { live = true, account = true } = {}) {
  const host = document.getElementById('app-header');
  host.className = 'app-header';
  const brand = h('a', { class: 'brand', href: VIEWS.find((v) => v.id === view)?.href || '/' });
  brand.innerHTML = LOGO; // static markup of our own, no data
  brand.append(h('span', {}, 'Relais'), h('span', { class: 'brand__sub', 'data-i18n': `nav.${view}` }));
  const nav = h('nav', { class: 'app-nav', 'data-i18n-attr': 'aria-label:nav.label' },
    VIEWS.map((v) => h('a', { href: v.href, 'aria-current': v.id === view ? 'page' : null, 'data-i18n': v.key })));
  const badge = h('span', { class: 'live-badge', id: 'live-badge', role: 'status', 'data-state': 'connecting', hidden: !live },
    h('span', { class: 'live-badge__dot', 'aria-hidden': 'true' }), h('span', { class: 'live-badge__text' }));
  const langButton = h('button', { type: 'button', class: 'lang-switch', id: 'lang-switch' });
  langButton.addEventListener('click', () => setLang(getLang() === 'fr' ? 'en' : 'fr'));
  const who = h('div', { class: 'account', id: 'account', hidden: !account });
  const renderLang = () => {
    const target = getLang() === 'fr' ? 'en' : 'fr';
    clear(langButton, icon('globe'), h('span', { class: 'lang-switch__long' }, target === 'en' ? 'English' : 'Français'),
      h('span', { class: 'lang-switch__short', 'aria-hidden': 'true' }, target.toUpperCase()));
    langButton.setAttribute('aria-label', target === 'en' ? 'Switch to English' : 'Passer en français');
    langButton.setAttribute('lang', target);
    if (account) renderAccount(who);
  };
  renderLang();
  onLangChange(renderLang);
  clear(host, h('div', { class: 'app-header__inner' }, brand, nav, h('div', { class: 'app-header__tools' }, badge, who, langButton)));
  const skip = h('a', { class: 'skip-link', href: '#main', 'data-i18n': 'nav.skip' });
  document.body.prepend(skip);
  applyI18n(document);
  return badge;
}

/** "Maraude · maraude-19-a" and a sign-out button, or a sign-in link when nobody is signed in. */
function renderAccount(host) {
  const s = session();
  if (!s) {
    clear(host, h('a', { class: 'account__signin', id: 'sign-in', href: loginUrl() }, icon('user'), t('auth.signIn')));
    return;
  }
  const bound = s.patrolId || (s.facilityIds.length ? s.facilityIds.join(', ') : '');
  const label = t(`auth.role.${s.role || 'unknown'}`);
  const text = bound ? `${label} · ${bound}` : label;
  // The line is cut short on a narrow screen (several facility ids are long): the title keeps all of it.
  clear(host,
    h('span', { class: 'account__who', id: 'signed-in-as', 'data-role': s.role || '', title: s.subject ? `${text} (${s.subject})` : text },
      icon('user'), h('span', { class: 'account__text' }, text)),
    h('button', { type: 'button', class: 'account__signout', id: 'sign-out', onclick: signOut }, t('auth.signOut')));
}

/** Live badge: "En direct" / "Connexion…" / "Coupé" / "Hors ligne", with the colour AND the word. */
export function setLiveState(badge, state) {
  badge.dataset.state = state;
  badge.querySelector('.live-badge__text').textContent = t(`live.${state}`);
}

export function kindBadge(kind) {
  return h('span', { class: 'badge badge--neutral' }, icon(KIND_ICONS[kind] || 'building'), kindLabel(kind));
}

export function openBadges(facility) {
  const out = [];
  if (facility.openNow) out.push(h('span', { class: 'badge badge--ok' }, icon('door'), t('facility.openNow')));
  else out.push(h('span', { class: 'badge badge--neutral' }, icon('ban'), t('facility.closedNow')));
  if (facility.openTonight) out.push(h('span', { class: 'badge badge--night' }, icon('moon'), t('facility.night')));
  return out;
}

/** Who the facility takes, each item with an icon and words; refusals are explicit too. */
export function eligibilityList(eligibility) {
  const e = eligibility || {};
  const genders = e.genders && e.genders.length ? e.genders : ['WOMAN', 'MAN', 'NON_BINARY'];
  const items = [];
  if (genders.length === 3) {
    items.push(h('li', { 'data-ok': 'true' }, icon('user'), t('elig.allGenders')));
  } else {
    for (const g of genders) items.push(h('li', { 'data-ok': 'true' }, icon(GENDER_ICONS[g]), t(`elig.gender.${g}`)));
  }
  for (const [field, ic] of [['couples', 'couple'], ['pets', 'paw'], ['wheelchair', 'wheelchair'], ['activeUse', 'hand']]) {
    const ok = !!e[field];
    items.push(h('li', { 'data-ok': String(ok), title: t(`elig.${field}.${ok ? 'yes' : 'no'}`) },
      icon(ok ? ic : 'ban'),
      h('span', { 'aria-hidden': 'true' }, t(`elig.${field}.short`)),
      h('span', { class: 'visually-hidden' }, t(`elig.${field}.${ok ? 'yes' : 'no'}`))));
  }
  return h('ul', { class: 'elig', 'aria-label': t('elig.label') }, items);
}

/** "Mis à jour il y a 12 min", or, in red with a warning icon, "En retard · il y a 5 h". */
export function freshness(facility, now = Date.now()) {
  const when = ago(facility.updatedAt, now);
  if (facility.stale) {
    return h('span', { class: 'stale fresh', 'data-stale': 'true' }, icon('alert'), ` ${t('facility.stale')} · ${when}`);
  }
  return h('span', { class: 'fresh', 'data-stale': 'false' }, icon('clock'), ` ${t('facility.updated', { when })}`);
}

/** A refusal or failure, readable: what was being done, the status in words, the service's detail, the fields. */
export function problemNotice(error, context = '') {
  const { title, detail, fields } = describeProblem(error);
  return h('div', { class: 'notice notice--danger', role: 'alert' }, icon('alert'),
    h('div', {}, context ? h('p', {}, h('strong', {}, context)) : null, h('strong', {}, title), detail ? h('p', {}, detail) : null,
      fields.length ? h('ul', {}, fields.map((f) => h('li', {}, f))) : null));
}

export function notice(kind, text, ic = kind === 'ok' ? 'check' : 'info') {
  return h('div', { class: `notice notice--${kind}`, role: kind === 'danger' ? 'alert' : 'status' }, icon(ic), h('div', {}, text));
}

/** Polite announcements for screen readers, one region per page. */
export function announce(text) {
  let region = document.getElementById('announcer');
  if (!region) {
    region = h('div', { id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite' });
    document.body.append(region);
  }
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

export { icon };
