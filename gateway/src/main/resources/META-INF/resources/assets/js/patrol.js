// Patrol view, phone first: open places now, a placement request in a few taps, its answer live (SSE),
// cancel. Works offline: the shell is cached by the service worker, requests wait in the outbox. Person codes
// (the outbox, the codes remembered for the follow-up) are deleted from the device at sign-out.
import { t, onLangChange } from './i18n.js';
import { api, ApiError } from './api.js';
import { requireSession, onSignOut } from './auth.js';
import { liveStream } from './sse.js';
import {
  h, clear, mountHeader, setLiveState, kindBadge, openBadges, eligibilityList, freshness, problemNotice, announce, icon,
} from './ui.js';
import * as fmt from './format.js';
import { CapacityStore, connectCapacity, KINDS } from './capacity.js';
import { Outbox } from './outbox.js';
import { GENDER_ICONS, KIND_ICONS } from './icons.js';

const PREFS_KEY = 'relais.patrol.prefs';
const CODES_KEY = 'relais.patrol.codes';
const PATROLS_KEY = 'relais.patrol.patrols';
const CAPACITY_KEY = 'relais.patrol.capacity';
const ACTIVE = ['REQUESTED', 'HELD', 'WAITLISTED'];
/** Reason of a WAITLISTED that follows a HELD: the facility's count fell below its holds. */
const WITHDRAWN = 'PLACE_WITHDRAWN';
const RECENT_MS = 12 * 3600 * 1000;
const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;
const NEEDS = [['couple', 'couple'], ['pet', 'paw'], ['wheelchair', 'wheelchair'], ['activeUse', 'hand']];
const STATUS_STYLE = {
  QUEUED: ['warn', 'upload'],
  REQUESTED: ['accent', 'send'],
  HELD: ['held', 'check'],
  WAITLISTED: ['warn', 'hourglass'],
  ARRIVED: ['ok', 'userCheck'],
  DECLINED: ['danger', 'ban'],
  EXPIRED: ['danger', 'clock'],
  CANCELLED: ['neutral', 'x'],
};

const $ = (id) => document.getElementById(id);
const readJson = (key, fallback) => {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
};
const writeJson = (key, value) => {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the view still works, without memory */
  }
};

// A patrol's token is bound to one patrol: the view acts for that one only (the platform refuses others).
const account = requireSession();
const boundPatrol = account?.role === 'patrol' ? account.patrolId : null;
const prefs = readJson(PREFS_KEY, {});
const state = {
  patrols: readJson(PATROLS_KEY, []),
  patrolId: boundPatrol || prefs.patrolId || '',
  arrondissement: prefs.arrondissement || '',
  position: null,
  referrals: new Map(),
  cancelling: new Set(),
  facilities: new Map(),
  tab: 'places',
  activeCount: 0,
  formError: null,
  sendError: null,
  capacityFromCache: false,
  form: { gender: '', needs: { couple: false, pet: false, wheelchair: false, activeUse: false }, kinds: ['EMERGENCY_SHELTER', 'REST_ROOM'] },
};
let codes = pruneCodes(readJson(CODES_KEY, {}));

function pruneCodes(all) {
  const limit = Date.now() - 24 * 3600 * 1000;
  return Object.fromEntries(Object.entries(all).filter(([, v]) => new Date(v.at).getTime() > limit));
}

function savePrefs() {
  writeJson(PREFS_KEY, { patrolId: state.patrolId, arrondissement: state.arrondissement });
}

const badge = mountHeader('patrol');
const store = new CapacityStore();

// ------------------------------------------------------------------------------------------- network state

function renderNetwork() {
  const banner = $('net-banner');
  const queued = outbox.items().filter((i) => i.type === 'referral').length;
  const cancels = outbox.items().filter((i) => i.type === 'cancel').length;
  const waiting = queued + cancels;
  if (!navigator.onLine) {
    banner.className = 'net-banner net-banner--offline';
    banner.dataset.show = 'true';
    clear(banner, icon('offline'), h('span', {}, waiting ? t('net.offlineQueued', { count: waiting }) : t('net.offline')));
  } else if (waiting) {
    banner.className = 'net-banner net-banner--queued';
    banner.dataset.show = 'true';
    clear(banner, icon('upload'), h('span', {}, t('net.queued', { count: waiting })),
      h('button', { type: 'button', class: 'btn btn--sm', onclick: () => outbox.flush() }, icon('refresh'), t('net.retry')));
  } else {
    banner.dataset.show = 'false';
    clear(banner);
  }
  if (!navigator.onLine) setLiveState(badge, 'offline');
}

// ------------------------------------------------------------------------------------------- context (patrol, sector, position)

function renderContext() {
  const patrolSelect = $('patrol-select');
  if (boundPatrol) {
    const own = state.patrols.find((p) => p.id === boundPatrol);
    clear(patrolSelect, h('option', { value: boundPatrol }, own?.name || boundPatrol));
  } else {
    clear(patrolSelect, h('option', { value: '' }, t('patrol.choose')),
      state.patrols.map((p) => h('option', { value: p.id }, p.name)));
  }
  patrolSelect.value = state.patrols.some((p) => p.id === state.patrolId) ? state.patrolId : '';
  const arrSelect = $('arr-select');
  clear(arrSelect, store.arrondissements.map((a) => h('option', { value: a }, fmt.arrShort(a))));
  if (!store.arrondissements.includes(state.arrondissement)) state.arrondissement = store.arrondissements[0] || '';
  arrSelect.value = state.arrondissement;
  const locate = $('locate-btn');
  locate.setAttribute('aria-pressed', String(Boolean(state.position)));
  clear(locate, icon('locate'), state.position ? t('patrol.locateOff') : t('patrol.locate'));
  $('locate-status').textContent = state.position
    ? t('patrol.locateOn', { accuracy: Math.round(state.position.accuracy) })
    : (state.locateError ? t('patrol.locateError') : '');
}

async function loadPatrols() {
  try {
    state.patrols = await api('/api/patrols');
    writeJson(PATROLS_KEY, state.patrols);
  } catch {
    // offline: keep the list remembered from last time
  }
  if (!state.patrolId && state.patrols.length === 1) state.patrolId = state.patrols[0].id;
  const patrol = state.patrols.find((p) => p.id === state.patrolId);
  // The patrol's own sector until the patrol picks another one.
  if (patrol && !prefs.arrondissement) state.arrondissement = patrol.arrondissement;
  renderContext();
}

function locate() {
  if (state.position) {
    state.position = null;
    renderContext();
    renderPlaces();
    return;
  }
  if (!navigator.geolocation) {
    state.locateError = true;
    renderContext();
    return;
  }
  $('locate-status').textContent = t('patrol.locating');
  navigator.geolocation.getCurrentPosition((pos) => {
    state.position = { latitude: pos.coords.latitude, longitude: pos.coords.longitude, accuracy: pos.coords.accuracy, at: Date.now() };
    state.locateError = false;
    renderContext();
    renderPlaces();
  }, () => {
    state.locateError = true;
    renderContext();
  }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

function distanceMeters(a, b) {
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(x));
}

function formatDistance(m) {
  return m < 1000 ? `${Math.round(m / 10) * 10} m` : `${fmt.num(Math.round(m / 100) / 10)} km`;
}

// ------------------------------------------------------------------------------------------- places

function placeCard(f, now) {
  const dist = state.position && f.latitude != null ? distanceMeters(state.position, f) : null;
  const available = f.openNow && f.offered > 0;
  return h('li', { class: `place${available ? '' : ' is-full'}`, 'data-facility': f.id },
    h('div', {}, h('p', { class: 'place__name' }, f.name),
      h('p', { class: 'place__addr' }, [f.address || (f.confidentialAddress ? t('facility.confidentialAddress') : null), dist != null ? t('place.distance', { d: formatDistance(dist) }) : null].filter(Boolean).join(' · '))),
    h('div', { class: 'place__count' }, h('strong', {}, fmt.num(f.offered)), h('span', {}, t('place.places', { count: f.offered }))),
    h('div', { class: 'place__tags' }, kindBadge(f.kind), openBadges(f)),
    h('p', { class: 'place__fresh' }, icon('door'), ` ${fmt.openingHours(f.openingHours)}`),
    h('div', { class: 'place__elig' }, eligibilityList(f.eligibility)),
    h('p', { class: `place__fresh${f.stale ? ' stale' : ''}` }, freshness(f, now)));
}

function renderPlaces() {
  const now = Date.now();
  const inScope = store.list().filter((f) => f.active && (state.position || f.arrondissement === state.arrondissement));
  const byPreference = (a, b) => {
    if (state.position) {
      const da = a.latitude != null ? distanceMeters(state.position, a) : Infinity;
      const db = b.latitude != null ? distanceMeters(state.position, b) : Infinity;
      return da - db;
    }
    return b.offered - a.offered || Number(a.stale) - Number(b.stale) || a.name.localeCompare(b.name);
  };
  const available = inScope.filter((f) => f.openNow && f.offered > 0).sort(byPreference);
  const others = inScope.filter((f) => !(f.openNow && f.offered > 0)).sort(byPreference);
  const total = available.reduce((n, f) => n + f.offered, 0);
  $('places-count').textContent = t('place.summary', { count: total });
  clear($('places-list'), available.length ? available.map((f) => placeCard(f, now))
    : h('li', { class: 'empty' }, store.facilities.size ? t('place.none') : t('place.loading')));
  $('places-other').hidden = others.length === 0;
  $('places-other-summary').textContent = t('place.others', { count: others.length });
  clear($('places-other-list'), others.map((f) => placeCard(f, now)));
  clear($('places-note'), state.capacityFromCache
    ? h('p', { class: 'notice notice--warn small', role: 'status' }, icon('offline'), t('place.fromCache', { time: fmt.clock(store.generatedAt) }))
    : null);
}

// ------------------------------------------------------------------------------------------- request form

function renderForm() {
  const genderGroup = $('gender-group');
  clear(genderGroup, [['', 'user'], ...Object.entries(GENDER_ICONS)].map(([g, ic]) => {
    const id = `gender-${g || 'none'}`;
    return [h('input', { type: 'radio', name: 'gender', id, value: g, checked: state.form.gender === g }),
      h('label', { for: id }, icon(ic), g ? t(`gender.${g}`) : t('gender.unspecified'))];
  }));
  const needsGroup = $('needs-group');
  clear(needsGroup, NEEDS.map(([need, ic]) => {
    const id = `need-${need}`;
    return [h('input', { type: 'checkbox', id, name: need, checked: state.form.needs[need] }),
      h('label', { for: id }, icon(ic), h('span', {}, t(`need.${need}`)), h('span', { class: 'tick', 'aria-hidden': 'true' }, icon('check')))];
  }));
  const kindsGroup = $('kinds-group');
  clear(kindsGroup, KINDS.map((kind) => {
    const rank = state.form.kinds.indexOf(kind) + 1;
    return h('button', {
      type: 'button', class: 'kind-btn', 'data-kind': kind, 'aria-pressed': String(rank > 0),
      'aria-label': rank ? t('form.kindRanked', { kind: fmt.kindLabel(kind), rank }) : fmt.kindLabel(kind),
    }, h('span', { class: 'kind-btn__rank', 'aria-hidden': 'true' }, rank ? String(rank) : ''), icon(KIND_ICONS[kind]), fmt.kindLabel(kind));
  }));
  renderGenderHint();
  const urgency = $('urgency');
  const current = urgency.value;
  clear(urgency, h('option', { value: '' }, t('urgency.none')), [0, 1, 2, 3].map((u) => h('option', { value: String(u) }, t(`urgency.${u}`))));
  urgency.value = current;
  clear($('request-submit'), icon('send'), navigator.onLine ? t('form.submit') : t('form.submitOffline'));
  clear($('form-error'), state.formError ? problemNotice(state.formError) : null);
}

/** A person whose gender is not stated is offered only places open to every gender: the patrol is told so. */
function renderGenderHint() {
  $('gender-hint').hidden = state.form.gender !== '';
}

function generateCode() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const random = crypto.getRandomValues(new Uint8Array(5));
  const suffix = [...random].map((b) => alphabet[b % alphabet.length]).join('');
  const arr = (state.arrondissement || '750').slice(3);
  $('person-code').value = `M${arr}-${suffix}`;
  setFieldError('person-code', null);
}

function setFieldError(id, message) {
  const input = $(id);
  const error = $(`${id}-error`);
  if (input && input.tagName === 'INPUT') input.setAttribute('aria-invalid', message ? 'true' : 'false');
  clear(error, message ? [icon('alert'), h('span', {}, message)] : null);
}

function validate() {
  const code = $('person-code').value.trim();
  let firstInvalid = null;
  if (!CODE_PATTERN.test(code)) {
    setFieldError('person-code', code ? t('form.codeInvalid') : t('form.codeMissing'));
    firstInvalid = firstInvalid || $('person-code');
  } else {
    setFieldError('person-code', null);
  }
  if (state.form.kinds.length === 0) {
    setFieldError('kinds', t('form.kindsMissing'));
    firstInvalid = firstInvalid || $('kinds-group').querySelector('button');
  } else {
    setFieldError('kinds', null);
  }
  if (!state.patrolId) {
    state.formError = new Error(t('form.patrolMissing'));
    firstInvalid = firstInvalid || $('patrol-select');
  }
  return firstInvalid;
}

function submitRequest(event) {
  event.preventDefault();
  state.formError = null;
  state.sendError = null;
  const invalid = validate();
  if (invalid) {
    renderForm();
    invalid.focus();
    return;
  }
  const needs = { ...state.form.needs };
  if (state.form.gender) needs.gender = state.form.gender;
  const body = {
    patrolId: state.patrolId,
    personCode: $('person-code').value.trim(),
    arrondissement: state.arrondissement,
    needs,
    kinds: [...state.form.kinds],
    sameArrondissementOnly: $('same-arrondissement-only').checked,
  };
  if (state.position && Date.now() - state.position.at < 10 * 60000) {
    body.latitude = state.position.latitude;
    body.longitude = state.position.longitude;
  }
  const urgency = $('urgency').value;
  if (urgency !== '') body.urgency = Number(urgency);
  outbox.add({ type: 'referral', url: '/api/referrals', body });
  announce(navigator.onLine ? t('form.sending') : t('form.queuedOffline'));
  // Ready for the next person; the needs and kinds are often the same, the code never is.
  $('person-code').value = '';
  $('urgency').value = '';
  renderForm();
  showTab('referrals');
}

// ------------------------------------------------------------------------------------------- referrals

function facilityInfo(id) {
  return store.get(id) || state.facilities.get(id) || null;
}

const facilitiesAsked = new Set();
async function ensureFacility(id) {
  if (!id || facilityInfo(id) || facilitiesAsked.has(id)) return;
  facilitiesAsked.add(id);
  try {
    const f = await api(`/api/facilities/${encodeURIComponent(id)}`);
    state.facilities.set(id, f);
    renderReferrals();
  } catch {
    /* shown by id until the capacity stream knows it */
  }
}

// A confidential place's address and position are not on the board: capacity-service tells them to the patrol holding
// a place there, while it holds it (it learns of the hold a moment after the stream does, hence a few tries). Kept in
// memory only, never in the phone's storage, and forgotten once no place is held there.
const disclosed = new Map();
const disclosing = new Set();
async function ensureAddress(id, tries = 10) {
  if (disclosed.has(id) || disclosing.has(id)) return;
  disclosing.add(id);
  try {
    const f = await api(`/api/facilities/${encodeURIComponent(id)}`);
    if (f?.address) {
      disclosed.set(id, f);
      renderReferrals();
      return;
    }
  } catch {
    /* tried again below */
  } finally {
    disclosing.delete(id);
  }
  if (tries > 1) setTimeout(() => ensureAddress(id, tries - 1), 2000);
}

function forgetAddresses() {
  const held = new Set([...state.referrals.values()].filter((r) => r.status === 'HELD').map((r) => r.facilityId));
  for (const id of disclosed.keys()) if (!held.has(id)) disclosed.delete(id);
}

function mapLinks(f) {
  const hasPoint = f.latitude != null && f.longitude != null;
  const label = encodeURIComponent(f.name || '');
  const geo = hasPoint
    ? `geo:${f.latitude},${f.longitude}?q=${f.latitude},${f.longitude}(${label})`
    : `geo:0,0?q=${encodeURIComponent(f.address || f.name || '')}`;
  const osm = hasPoint
    ? `https://www.openstreetmap.org/?mlat=${f.latitude}&mlon=${f.longitude}#map=18/${f.latitude}/${f.longitude}`
    : `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${f.address || ''} Paris`)}`;
  return h('div', { class: 'ref__actions' },
    h('a', { class: 'btn', href: geo, 'data-link': 'geo' }, icon('map'), t('ref.openMap')),
    h('a', { class: 'btn', href: osm, target: '_blank', rel: 'noopener', 'data-link': 'osm' }, icon('external'), 'OpenStreetMap'));
}

function statusBadge(status) {
  const [style, ic] = STATUS_STYLE[status] || ['neutral', 'info'];
  return h('span', { class: `badge badge--${style}`, 'data-status-badge': status }, icon(ic), t(`status.${status}`));
}

function isCancelling(id) {
  return state.cancelling.has(id) || outbox.items().some((i) => i.type === 'cancel' && i.meta?.referralId === id);
}

function cancelButton(r) {
  if (isCancelling(r.id)) return h('p', { class: 'small muted' }, icon('hourglass'), ' ', t('ref.cancelling'));
  const button = h('button', { type: 'button', class: 'btn btn--danger', 'data-action': 'cancel' }, icon('x'), t('ref.cancel'));
  let armed = false;
  button.addEventListener('click', () => {
    if (!armed) {
      // Two taps: a pocket or a shaking hand must not cancel a held place.
      armed = true;
      clear(button, icon('alert'), t('ref.cancelConfirm'));
      setTimeout(() => {
        if (button.isConnected && armed) {
          armed = false;
          clear(button, icon('x'), t('ref.cancel'));
        }
      }, 5000);
      return;
    }
    state.cancelling.add(r.id);
    outbox.add({ type: 'cancel', url: `/api/referrals/${encodeURIComponent(r.id)}/cancel`, meta: { referralId: r.id } });
    renderReferrals();
  });
  return h('div', { class: 'ref__actions' }, button);
}

function who(r) {
  const code = codes[r.id]?.code;
  return h('span', { class: 'ref__who' }, code ? t('ref.code', { code }) : t('ref.requestAt', { time: fmt.clock(r.requestedAt) }));
}

function referralCard(r, now) {
  const card = h('li', { class: `ref${ACTIVE.includes(r.status) ? '' : ' ref--old'}`, 'data-status': r.status, 'data-referral-id': r.id });
  // Parts that do not apply are null: skipped, never written out as "null".
  const add = (...parts) => card.append(...parts.filter((part) => part != null));
  add(h('div', { class: 'ref__top' }, statusBadge(r.status), who(r)));
  const f = r.facilityId ? facilityInfo(r.facilityId) : null;
  if (r.facilityId && !f) ensureFacility(r.facilityId);
  switch (r.status) {
    case 'REQUESTED':
      add(h('p', {}, t('ref.searching')));
      add(cancelButton(r));
      break;
    case 'HELD': {
      const left = fmt.timeLeft(r.holdExpiresAt, now);
      const place = f?.confidentialAddress && !f.address ? disclosed.get(r.facilityId) : f;
      if (f?.confidentialAddress && !place) ensureAddress(r.facilityId);
      add(
        h('p', { class: 'ref__facility', 'data-facility': r.facilityId }, f?.name || r.facilityId),
        place?.address ? h('p', { class: 'place__addr', 'data-address': 'true' }, icon('pin'), ' ', place.address)
          : f?.confidentialAddress ? h('p', { class: 'place__addr' }, icon('pin'), ' ', t('facility.confidentialAddress')) : null,
        f?.kind ? h('div', { class: 'place__tags' }, kindBadge(f.kind)) : null,
        r.distanceMeters != null
          ? h('p', { class: 'ref__distance', 'data-distance-meters': String(r.distanceMeters) }, icon('locate'), ' ',
            t('ref.distance', { d: formatDistance(r.distanceMeters) }))
          : null,
        h('p', { class: 'ref__hold' }, icon('hourglass'),
          h('span', {}, t('ref.heldUntil', { time: fmt.clock(r.holdExpiresAt) })),
          h('span', { class: 'countdown', 'data-expires': r.holdExpiresAt, 'data-urgent': String(new Date(r.holdExpiresAt) - now < 5 * 60000), 'aria-label': t('ref.timeLeft') }, left ?? t('hold.expiring'))),
        h('p', { class: 'small muted' }, t('ref.heldHint')),
        mapLinks(place || { name: f?.name || r.facilityId }),
        cancelButton(r));
      break;
    }
    case 'WAITLISTED':
      // A hold withdrawn (the facility's count fell below its holds) is news, not an error: the person waits
      // again, ahead of later requests.
      add(r.reason === WITHDRAWN
        ? h('div', { class: 'notice notice--warn ref__withdrawn', role: 'status', 'data-withdrawn': 'true' }, icon('info'),
          h('div', {}, h('p', {}, h('strong', {}, t('ref.withdrawn'))),
            r.facilityId ? h('p', { class: 'small' }, t('ref.withdrawnFrom', { facility: f?.name || r.facilityId })) : null,
            h('p', { class: 'small' }, t('ref.withdrawnHint'))))
        : h('p', {}, t('ref.waitlisted')), cancelButton(r));
      break;
    case 'DECLINED':
      add(f ? h('p', { class: 'ref__facility' }, f.name) : null,
        h('p', { class: 'notice notice--danger' }, icon('ban'), h('span', {},
          r.reason === 'NO_PLACE' ? t('ref.declinedNoPlace') : t('ref.declined', { reason: declineReason(r.reason) }))));
      break;
    case 'EXPIRED':
      add(h('p', {}, t('ref.expired')));
      break;
    case 'ARRIVED':
      add(h('p', {}, t('ref.arrived', { facility: f?.name || r.facilityId || '' })));
      break;
    case 'CANCELLED':
      add(h('p', { class: 'muted' }, t('ref.cancelled')));
      break;
    default:
      break;
  }
  add(h('p', { class: 'small muted' }, t('ref.kinds', { kinds: (r.kinds || []).map(fmt.kindLabel).join(' › ') })));
  return card;
}

function queuedCard(item) {
  const sending = item.sending && navigator.onLine;
  const patrol = state.patrols.find((p) => p.id === item.body.patrolId);
  return h('li', { class: 'ref', 'data-status': 'QUEUED', 'data-queue-key': item.key },
    h('div', { class: 'ref__top' }, statusBadge('QUEUED'), h('span', { class: 'ref__who' }, t('ref.code', { code: item.body.personCode }))),
    h('p', {}, sending ? t('queue.sending') : navigator.onLine ? t('queue.retrying') : t('queue.waitingNetwork')),
    h('p', { class: 'small muted' }, t('queue.since', { time: fmt.clock(item.queuedAt), patrol: patrol?.name || item.body.patrolId })),
    h('p', { class: 'small muted' }, t('ref.kinds', { kinds: item.body.kinds.map(fmt.kindLabel).join(' › ') })),
    h('div', { class: 'ref__actions' },
      navigator.onLine ? h('button', { type: 'button', class: 'btn', onclick: () => outbox.flush() }, icon('refresh'), t('queue.sendNow')) : null,
      h('button', { type: 'button', class: 'btn btn--danger', 'data-action': 'drop', onclick: () => outbox.remove(item.key) }, icon('trash'), t('queue.drop'))));
}

function renderReferrals() {
  const now = Date.now();
  forgetAddresses();
  const queued = outbox.items().filter((i) => i.type === 'referral');
  clear($('queue-list'), queued.map(queuedCard));
  $('queue-list').setAttribute('aria-label', t('queue.label'));
  const mine = [...state.referrals.values()].filter((r) => r.patrolId === state.patrolId || !r.patrolId)
    .sort((a, b) => new Date(b.requestedAt || 0) - new Date(a.requestedAt || 0));
  const active = mine.filter((r) => ACTIVE.includes(r.status));
  const done = mine.filter((r) => !ACTIVE.includes(r.status) && now - new Date(r.updatedAt || r.requestedAt || 0).getTime() < RECENT_MS);
  clear($('referrals-list'), active.map((r) => referralCard(r, now)));
  $('referrals-done').hidden = done.length === 0;
  $('referrals-done-summary').textContent = t('ref.done', { count: done.length });
  clear($('referrals-done-list'), done.map((r) => referralCard(r, now)));
  $('referrals-empty').hidden = active.length + done.length + queued.length > 0;
  clear($('referrals-error'), state.sendError?.active ? activeNotice(state.sendError.active)
    : state.sendError ? problemNotice(state.sendError.error, state.sendError.context) : null);
  state.activeCount = active.length + queued.length;
  renderTabs();
}

function upsertReferral(r) {
  const previous = state.referrals.get(r.id);
  state.referrals.set(r.id, { ...previous, ...r });
  if (!ACTIVE.includes(r.status)) state.cancelling.delete(r.id);
  if (previous && previous.status !== r.status) {
    const f = r.facilityId ? facilityInfo(r.facilityId) : null;
    const withdrawn = previous.status === 'HELD' && r.status === 'WAITLISTED';
    announce(withdrawn ? t('announce.withdrawn') : t(`announce.${r.status}`, { facility: f?.name || r.facilityId || '' }));
    if (r.status === 'HELD' || withdrawn) navigator.vibrate?.(200);
  }
  renderReferrals();
}

// Changes the referral stream delivered so far. A list read answers with what was stored when the platform read it,
// which may be older than a change the stream brought while the answer travelled (a HELD card would turn back to
// WAITLISTED): a card the stream changed after the read was sent keeps what the stream said. The next read, sent
// after that change, applies again, so a change the stream dropped still comes.
let streamedChanges = 0;

function streamedReferral(r) {
  streamedChanges += 1;
  upsertReferral({ ...r, streamedAt: streamedChanges });
}

async function reloadReferrals() {
  if (!state.patrolId) return;
  const sentAfter = streamedChanges;
  try {
    const list = await api(`/api/patrols/${encodeURIComponent(state.patrolId)}/referrals`);
    for (const r of list || []) {
      if (!(state.referrals.get(r.id)?.streamedAt > sentAfter)) upsertReferral(r);
    }
  } catch {
    /* the stream or the next attempt will bring them */
  }
}

let referralStream = null;
function connectReferrals() {
  referralStream?.close();
  state.referrals = new Map();
  renderReferrals();
  if (!state.patrolId) return;
  referralStream = liveStream(`/api/patrols/${encodeURIComponent(state.patrolId)}/referrals/stream`, {
    events: { referral: streamedReferral },
    // A stream resumed from its last id sends what changed while we were disconnected; one opened afresh (no id
    // received yet, or one the server did not know) does not, so the list is read back in full.
    onState: (s, { resumed = false } = {}) => { if (s === 'live' && !resumed) reloadReferrals(); },
  });
  reloadReferrals();
}

const outbox = new Outbox({
  onChange: () => {
    renderNetwork();
    renderReferrals();
  },
  onSent: (item, result) => {
    state.sendError = null;
    if (item.type === 'referral' && result?.id) {
      codes = pruneCodes({ ...codes, [result.id]: { code: item.body.personCode, at: new Date().toISOString() } });
      writeJson(CODES_KEY, codes);
      if (!state.referrals.has(result.id)) {
        upsertReferral({
          id: result.id, status: result.status || 'REQUESTED', patrolId: item.body.patrolId, arrondissement: item.body.arrondissement,
          kinds: item.body.kinds, needs: item.body.needs, requestedAt: item.queuedAt, updatedAt: new Date().toISOString(),
        });
      }
      announce(t('form.sent', { code: item.body.personCode }));
    }
  },
  onFailed: (item, error) => {
    if (item.type === 'cancel') state.cancelling.delete(item.meta?.referralId);
    const activeId = item.type === 'referral' && error instanceof ApiError && error.status === 409
      ? error.problem?.activeReferralId : null;
    state.sendError = activeId
      // Not a failure to fix: the person already has a request going, which the patrol can open.
      ? { active: { id: String(activeId), code: item.body.personCode, owner: null } }
      : { error, context: item.type === 'referral' ? t('form.refused', { code: item.body.personCode }) : t('ref.cancelRefused') };
    renderReferrals();
    if (state.sendError.active) identifyActive(state.sendError.active);
    else reloadReferrals();
  },
});

// ------------------------------------------------------------------------------------------- one person, one request

/**
 * The platform refused a request because the person already has an active one (409, activeReferralId). The
 * patrol's own is opened from here; another patrol's can only be named as such (it is not readable here).
 */
function activeNotice(active) {
  return h('div', {
    class: 'notice notice--warn', role: 'alert', id: 'active-referral-notice',
    'data-active-referral-id': active.id, 'data-owner': active.owner || 'checking',
  }, icon('alert'), h('div', {},
    h('p', {}, h('strong', {}, t('form.activeExists', { code: active.code }))),
    h('p', {}, t('form.activeExistsHint')),
    active.owner === 'mine'
      ? h('button', { type: 'button', class: 'btn', id: 'active-referral-open', onclick: () => openReferral(active.id) },
        icon('list'), t('form.activeOpen'))
      : null,
    active.owner === 'other' ? h('p', { id: 'active-referral-elsewhere' }, t('form.activeElsewhere')) : null));
}

async function identifyActive(active) {
  let owner = state.referrals.get(active.id)?.patrolId === state.patrolId ? 'mine' : null;
  if (!owner) {
    try {
      const r = await api(`/api/referrals/${encodeURIComponent(active.id)}`);
      upsertReferral(r);
      owner = r.patrolId === state.patrolId ? 'mine' : 'other';
    } catch (error) {
      // 403: another patrol's referral; 404: not this platform's view of it. Either way not openable here.
      owner = error instanceof ApiError && [403, 404].includes(error.status) ? 'other' : 'unknown';
    }
  }
  if (signedOut) return;
  if (owner === 'mine' && !codes[active.id]) {
    codes = pruneCodes({ ...codes, [active.id]: { code: active.code, at: new Date().toISOString() } });
    writeJson(CODES_KEY, codes);
  }
  if (state.sendError?.active === active) {
    active.owner = owner;
    renderReferrals();
  }
}

function openReferral(id) {
  showTab('referrals');
  const card = document.querySelector(`li.ref[data-referral-id="${CSS.escape(id)}"]`);
  if (!card) return;
  const done = card.closest('details');
  if (done) done.open = true;
  card.setAttribute('tabindex', '-1');
  card.dataset.highlight = 'true';
  card.style.outline = '3px solid var(--focus)';
  card.scrollIntoView({ block: 'center' });
  card.focus();
}

// ------------------------------------------------------------------------------------------- sign-out

/**
 * Nothing that names a person stays on the phone after sign-out: the waiting requests (they hold person codes)
 * and the codes remembered for the follow-up are deleted. Requests not sent yet are lost with them, so the
 * patrol is asked first, told how many.
 */
let signedOut = false;
onSignOut(async () => {
  const waiting = outbox.items().length;
  if (waiting && !(await confirmSignOut(waiting))) return false;
  signedOut = true;
  outbox.discard();
  codes = {};
  try {
    localStorage.removeItem(CODES_KEY);
  } catch {
    /* storage disabled: nothing was kept */
  }
  $('person-code').value = '';
  return true;
});

function confirmSignOut(count) {
  if (typeof HTMLDialogElement !== 'function') return Promise.resolve(window.confirm(`${t('signOut.title')}\n${t('signOut.queued', { count })}`));
  const dialog = h('dialog', { id: 'sign-out-dialog', class: 'card', 'aria-labelledby': 'sign-out-title', 'aria-describedby': 'sign-out-text' },
    h('form', { method: 'dialog', class: 'form-card' },
      h('h2', { id: 'sign-out-title' }, t('signOut.title')),
      h('p', { id: 'sign-out-text' }, h('strong', {}, t('signOut.queued', { count }))),
      h('p', { class: 'small muted' }, t('signOut.hint')),
      h('div', { class: 'ref__actions' },
        h('button', { type: 'submit', class: 'btn', id: 'sign-out-keep', value: 'keep' }, t('signOut.keep')),
        h('button', { type: 'submit', class: 'btn btn--danger', id: 'sign-out-confirm', value: 'confirm' }, icon('trash'), t('signOut.confirm')))));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });
    dialog.showModal();
  });
}

// ------------------------------------------------------------------------------------------- tabs

const TABS = {
  places: { panel: 'panel-places', icon: 'pin', label: 'tab.places' },
  request: { panel: 'panel-request', icon: 'send', label: 'tab.request' },
  referrals: { panel: 'panel-referrals', icon: 'list', label: 'tab.referrals' },
};

function renderTabs() {
  for (const button of $('tabbar').querySelectorAll('button')) {
    const tab = TABS[button.dataset.tab];
    const count = button.dataset.tab === 'referrals' && state.activeCount ? String(state.activeCount) : '';
    clear(button, icon(tab.icon), h('span', {}, t(tab.label)), h('span', { class: 'tabbar__count', 'aria-hidden': 'true' }, count));
    button.setAttribute('aria-label', count ? `${t(tab.label)} (${count})` : t(tab.label));
    button.setAttribute('aria-current', String(button.dataset.tab === state.tab));
  }
}

function showTab(name, { focus = false } = {}) {
  if (!TABS[name]) name = 'places';
  state.tab = name;
  for (const [key, tab] of Object.entries(TABS)) $(tab.panel).hidden = key !== name;
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  renderTabs();
  window.scrollTo(0, 0);
  if (focus) $(TABS[name].panel).querySelector('h2')?.focus?.();
}

// ------------------------------------------------------------------------------------------- wiring

function restoreCapacity() {
  const cached = readJson(CAPACITY_KEY, null);
  if (cached && Array.isArray(cached.facilities)) {
    store.applySnapshot(cached);
    state.capacityFromCache = true;
  }
}

let saveTimer = 0;
store.onChange((ids) => {
  if (!ids) renderContext();
  renderPlaces();
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => writeJson(CAPACITY_KEY, {
    generatedAt: store.generatedAt,
    arrondissements: store.arrondissements.map((a) => ({ arrondissement: a })),
    facilities: store.list(),
  }), 1000);
});

$('patrol-select').addEventListener('change', (e) => {
  state.patrolId = e.target.value;
  const patrol = state.patrols.find((p) => p.id === state.patrolId);
  if (patrol) state.arrondissement = patrol.arrondissement;
  savePrefs();
  renderContext();
  renderPlaces();
  connectReferrals();
});
$('arr-select').addEventListener('change', (e) => {
  state.arrondissement = e.target.value;
  savePrefs();
  renderPlaces();
});
$('locate-btn').addEventListener('click', locate);
$('code-generate').addEventListener('click', generateCode);
$('person-code').addEventListener('input', () => {
  if ($('person-code').getAttribute('aria-invalid') === 'true' && CODE_PATTERN.test($('person-code').value.trim())) setFieldError('person-code', null);
});
$('request-form').addEventListener('submit', submitRequest);
$('request-form').addEventListener('change', (e) => {
  if (e.target.name === 'gender') {
    state.form.gender = e.target.value;
    renderGenderHint();
  }
  if (e.target.type === 'checkbox' && e.target.name in state.form.needs) state.form.needs[e.target.name] = e.target.checked;
});
$('kinds-group').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-kind]');
  if (!button) return;
  const kind = button.dataset.kind;
  state.form.kinds = state.form.kinds.includes(kind) ? state.form.kinds.filter((k) => k !== kind) : [...state.form.kinds, kind];
  if (state.form.kinds.length) setFieldError('kinds', null);
  renderForm();
  $('kinds-group').querySelector(`[data-kind="${kind}"]`).focus();
});
$('tabbar').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-tab]');
  if (button) showTab(button.dataset.tab);
});
window.addEventListener('hashchange', () => showTab(location.hash.slice(1)));
for (const type of ['online', 'offline']) {
  window.addEventListener(type, () => {
    renderNetwork();
    renderForm();
    renderReferrals();
  });
}

onLangChange(() => {
  renderContext();
  renderPlaces();
  renderForm();
  renderReferrals();
  renderNetwork();
  setLiveState(badge, badge.dataset.state);
});

setInterval(() => {
  const now = Date.now();
  for (const el of document.querySelectorAll('.countdown[data-expires]')) {
    el.textContent = fmt.timeLeft(el.dataset.expires, now) ?? t('hold.expiring');
    el.dataset.urgent = String(new Date(el.dataset.expires) - now < 5 * 60000);
  }
}, 1000);
setInterval(renderPlaces, 60000);
// A weak signal or a service restart can drop a change from the stream: while an answer is awaited, read the
// list back now and then (what the stream changed meanwhile is kept: see reloadReferrals).
setInterval(() => {
  const awaiting = [...state.referrals.values()].some((r) => r.status === 'REQUESTED' || r.status === 'WAITLISTED');
  if (awaiting && navigator.onLine) reloadReferrals();
}, 10000);

restoreCapacity();
renderContext();
renderForm();
showTab(location.hash.slice(1) || 'places');
renderNetwork();
setLiveState(badge, navigator.onLine ? 'connecting' : 'offline');
connectCapacity(store, {
  onState: (s) => {
    if (s === 'live') state.capacityFromCache = false;
    setLiveState(badge, navigator.onLine ? s : 'offline');
  },
});
loadPatrols().then(connectReferrals);
outbox.flush();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/patrol/sw.js', { scope: '/patrol/' }).catch(() => {
    /* no offline shell (e.g. not a secure context); everything else works */
  });
}

/** A decline reason's label; a reason recorded before reasons were codes is shown as it was. */
function declineReason(code) {
  if (!code) return t('ref.noReason');
  const label = t(`reason.${code}`);
  return label === `reason.${code}` ? code : label;
}
