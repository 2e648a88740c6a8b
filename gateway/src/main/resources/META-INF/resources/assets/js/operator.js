// Operator page: pick a facility, report its free places in seconds, confirm arrivals or decline holds.
import { t, onLangChange } from './i18n.js';
import { api } from './api.js';
import { requireSession } from './auth.js';
import { h, clear, mountHeader, setLiveState, openBadges, freshness, problemNotice, notice, announce, icon } from './ui.js';
import * as fmt from './format.js';
import { CapacityStore, connectCapacity, DECLINE_REASONS } from './capacity.js';

const FACILITY_KEY = 'relais.operator.facility';
const HOLDS_REFRESH_MS = 10000;
// After the operator's own report or confirmation the count is fresh, and offered places and the moment it turns stale
// again are the gateway's to say: unknown until its frame for this change arrives (moments later).
const AWAITING_THE_BOARD = { stale: false, staleFrom: null, offered: null };
const $ = (id) => document.getElementById(id);

// An operator's token names its facilities: the picker offers those (other roles see every facility, and
// the platform refuses what they may not do).
const account = requireSession();
const ownFacilities = account?.role === 'operator' ? new Set(account.facilityIds) : null;
const store = new CapacityStore();
const badge = mountHeader('operator');
const state = {
  facilityId: new URLSearchParams(location.search).get('facility') || rememberedFacility(),
  dirty: false,
  holds: [],
  holdsError: null,
  loaded: false,
};
const holdItems = new Map();

function rememberedFacility() {
  const stored = localStorage.getItem(FACILITY_KEY) || '';
  if (!ownFacilities || ownFacilities.has(stored)) return stored;
  return ownFacilities.size ? [...ownFacilities][0] : '';
}
const patrolNames = new Map();

async function loadPatrolNames() {
  try {
    for (const p of await api('/api/patrols')) patrolNames.set(p.id, p.name);
  } catch {
    /* holds then show the patrol id */
  }
}

function facility() {
  return store.get(state.facilityId);
}

// ------------------------------------------------------------------------------------------- picker

function renderPicker() {
  const select = $('facility-select');
  const byArr = new Map();
  for (const f of store.list().filter((x) => !ownFacilities || ownFacilities.has(x.id)).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!byArr.has(f.arrondissement)) byArr.set(f.arrondissement, []);
    byArr.get(f.arrondissement).push(f);
  }
  clear(select, h('option', { value: '' }, t('op.choose')),
    [...byArr.keys()].sort().map((arr) => h('optgroup', { label: fmt.arrLabel(arr) },
      byArr.get(arr).map((f) => h('option', { value: f.id }, `${f.name} · ${fmt.kindLabel(f.kind)}`)))));
  select.value = facility() ? state.facilityId : '';
}

function selectFacility(id) {
  state.facilityId = id;
  state.dirty = false;
  state.holds = [];
  holdItems.clear();
  clear($('holds-list'));
  clear($('save-result'));
  clear($('holds-result'));
  if (id) localStorage.setItem(FACILITY_KEY, id);
  const url = new URL(location.href);
  if (id) url.searchParams.set('facility', id); else url.searchParams.delete('facility');
  history.replaceState(null, '', url);
  renderCount();
  refreshHolds();
}

// ------------------------------------------------------------------------------------------- count

function renderCount() {
  const f = facility();
  clear($('save-btn'), icon('save'), t('op.save'));
  clear($('confirm-btn'), icon('check'), t('op.confirm'));
  $('op-content').hidden = !f;
  $('op-empty').hidden = Boolean(f);
  if (!f) {
    clear($('op-empty'), icon('info'), h('span', {}, state.loaded ? t('op.pick') : t('op.loading')));
    return;
  }
  $('count-free').textContent = fmt.num(f.free);
  $('count-of').textContent = t('op.of', { total: fmt.num(f.total) });
  clear($('count-fresh'), freshness(f));
  clear($('count-facts'),
    h('span', { class: 'badge badge--held', id: 'count-held' }, icon('hourglass'), t('op.held', { count: f.held })),
    f.offered == null ? null : h('span', { class: 'badge badge--ok' }, icon('check'), t('op.offered', { count: f.offered })),
    openBadges(f),
    !f.active ? h('span', { class: 'badge badge--neutral' }, icon('ban'), t('facility.inactive')) : null);
  const input = $('free-input');
  if (!state.dirty) {
    input.value = String(f.free);
    $('total-input').value = String(f.total);
    $('free-hint').textContent = t('op.freeHint', { total: fmt.num(f.total), interval: fmt.duration(fmt.isoDurationSeconds(f.reportingInterval)) });
  } else if (Number(input.value) !== f.free) {
    $('free-hint').textContent = t('op.changedMeanwhile', { free: fmt.num(f.free) });
  }
  input.max = String(Number($('total-input').value) || f.total);
  // Only a count that was reported, and is the one on screen, can be confirmed as it is.
  $('confirm-btn').disabled = !f.updatedAt || (state.dirty && Number(input.value) !== f.free);
}

function step(delta) {
  const input = $('free-input');
  const max = Number($('total-input').value) || facility()?.total || 0;
  const current = Number.isFinite(Number(input.value)) && input.value !== '' ? Number(input.value) : facility()?.free || 0;
  input.value = String(Math.max(0, Math.min(max, Math.trunc(current) + delta)));
  state.dirty = true;
  setError(null);
}

function setError(message) {
  $('free-input').setAttribute('aria-invalid', message ? 'true' : 'false');
  clear($('free-input-error'), message ? [icon('alert'), h('span', {}, message)] : null);
}

async function save(event) {
  event.preventDefault();
  const f = facility();
  if (!f) return;
  const raw = $('free-input').value.trim();
  const free = Number(raw);
  const total = Number($('total-input').value);
  if (raw === '' || !Number.isInteger(free) || free < 0) {
    setError(t('op.freeInvalid'));
    $('free-input').focus();
    return;
  }
  if (Number.isInteger(total) && free > total) {
    setError(t('op.freeTooHigh', { total: fmt.num(total) }));
    $('free-input').focus();
    return;
  }
  setError(null);
  const body = { free };
  if (Number.isInteger(total) && total !== f.total) body.total = total;
  const button = $('save-btn');
  button.disabled = true;
  try {
    const saved = await api(`/api/facilities/${encodeURIComponent(f.id)}/availability`, { method: 'PUT', body });
    state.dirty = false;
    // The stream brings the same numbers in a moment; show them now.
    store.applyFacility({ ...f, free: saved.free, total: saved.total, updatedAt: saved.updatedAt, version: saved.version, ...AWAITING_THE_BOARD });
    const message = t('op.saved', { free: fmt.num(saved.free), time: fmt.clock(saved.updatedAt) });
    clear($('save-result'), notice('ok', message));
    announce(message);
  } catch (error) {
    clear($('save-result'), problemNotice(error, t('op.saveFailed')));
  } finally {
    button.disabled = false;
  }
}

// "Still accurate": the count shown stops being stale without pretending to change. The count shown is sent along,
// so a count that moved meanwhile (an arrival) is refused rather than confirmed unseen.
async function confirmUnchanged() {
  const f = facility();
  if (!f) return;
  const button = $('confirm-btn');
  button.disabled = true;
  try {
    const confirmed = await api(`/api/facilities/${encodeURIComponent(f.id)}/availability/confirm`, { method: 'POST', body: { free: f.free } });
    state.dirty = false;
    store.applyFacility({ ...f, free: confirmed.free, total: confirmed.total, updatedAt: confirmed.updatedAt, version: confirmed.version, ...AWAITING_THE_BOARD });
    const message = t('op.confirmed', { free: fmt.num(confirmed.free), time: fmt.clock(confirmed.updatedAt) });
    clear($('save-result'), notice('ok', message));
    announce(message);
  } catch (error) {
    clear($('save-result'), problemNotice(error, t('op.confirmFailed')));
  } finally {
    renderCount();
  }
}

// ------------------------------------------------------------------------------------------- holds

function holdItem(hold) {
  const li = h('li', { class: 'hold', 'data-referral': hold.referralId });
  const result = h('div', { 'aria-live': 'polite' });
  const reasonId = `reason-${hold.referralId}`;
  // A choice, not free text: nothing typed about the person leaves this page.
  const reason = h('select', { id: reasonId, required: true, 'aria-describedby': `${reasonId}-error` },
    h('option', { value: '' }, t('op.reasonChoose')),
    ...DECLINE_REASONS.map((code) => h('option', { value: code }, t(`reason.${code}`))));
  const reasonError = h('span', { class: 'field__error', id: `${reasonId}-error` });
  const declineForm = h('form', { class: 'hold__decline', hidden: true, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: reasonId }, t('op.reason')), reason, reasonError),
    h('div', { class: 'hold__actions' },
      h('button', { type: 'submit', class: 'btn btn--danger', 'data-action': 'decline-confirm' }, icon('ban'), t('op.declineConfirm')),
      h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => { declineForm.hidden = true; actions.hidden = false; actions.querySelector('button').focus(); } }, t('op.back'))));
  const arrival = h('button', { type: 'button', class: 'btn btn--ok', 'data-action': 'arrival' }, icon('userCheck'), t('op.arrival'));
  const decline = h('button', { type: 'button', class: 'btn btn--danger', 'data-action': 'decline' }, icon('ban'), t('op.decline'));
  const actions = h('div', { class: 'hold__actions' }, arrival, decline);

  const act = async (path, body, done) => {
    for (const b of li.querySelectorAll('button')) b.disabled = true;
    try {
      await api(`/api/referrals/${encodeURIComponent(hold.referralId)}/${path}`, { method: 'POST', body });
      clear($('holds-result'), notice('ok', done));
      announce(done);
      li.remove();
      holdItems.delete(hold.referralId);
      state.holds = state.holds.filter((x) => x.referralId !== hold.referralId);
      renderHoldsMeta();
      setTimeout(refreshHolds, 300);
    } catch (error) {
      for (const b of li.querySelectorAll('button')) b.disabled = false;
      clear(result, problemNotice(error, path === 'arrival' ? t('op.arrivalFailed') : t('op.declineFailed')));
    }
  };
  arrival.addEventListener('click', () => act('arrival', { facilityId: hold.facilityId }, t('op.arrivalDone')));
  decline.addEventListener('click', () => {
    actions.hidden = true;
    declineForm.hidden = false;
    reason.focus();
  });
  declineForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = reason.value;
    if (!code) {
      reason.setAttribute('aria-invalid', 'true');
      clear(reasonError, icon('alert'), h('span', {}, t('op.reasonMissing')));
      reason.focus();
      return;
    }
    act('decline', { reason: code }, t('op.declineDone'));
  });

  li.append(
    h('div', { class: 'hold__top' },
      h('strong', {}, patrolNames.get(hold.patrolId) || t('op.holdFor', { patrol: hold.patrolId })),
      h('span', { class: 'countdown', 'data-expires': hold.expiresAt }, fmt.timeLeft(hold.expiresAt) ?? t('hold.expiring'))),
    h('p', { class: 'small muted' }, t('op.holdMeta', { time: fmt.clock(hold.heldAt), until: fmt.clock(hold.expiresAt), ref: hold.referralId.slice(0, 8) })),
    actions, declineForm, result);
  return li;
}

function renderHoldsMeta() {
  $('holds-meta').textContent = t('op.holdsCount', { count: state.holds.length });
  if (!state.holds.length && !holdItems.size) {
    clear($('holds-list'), h('li', { class: 'empty', id: 'holds-empty' }, state.holdsError ? null : t('op.noHolds')));
  }
  if (state.holdsError) clear($('holds-result'), problemNotice(state.holdsError));
}

/** Keyed update: a hold being declined keeps its half-typed reason across refreshes. */
function renderHolds() {
  const list = $('holds-list');
  $('holds-empty')?.remove();
  const ids = new Set(state.holds.map((x) => x.referralId));
  for (const [id, li] of holdItems) {
    if (!ids.has(id)) {
      li.remove();
      holdItems.delete(id);
    }
  }
  for (const hold of [...state.holds].sort((a, b) => new Date(a.expiresAt) - new Date(b.expiresAt))) {
    if (!holdItems.has(hold.referralId)) {
      const li = holdItem(hold);
      holdItems.set(hold.referralId, li);
      list.append(li);
    }
  }
  renderHoldsMeta();
}

async function refreshHolds() {
  const id = state.facilityId;
  if (!id) return;
  try {
    const holds = await api(`/api/holds?facilityId=${encodeURIComponent(id)}`);
    if (id !== state.facilityId) return;
    state.holds = (holds || []).filter((x) => x.facilityId === id);
    state.holdsError = null;
  } catch (error) {
    state.holdsError = error;
  }
  renderHolds();
}

// ------------------------------------------------------------------------------------------- wiring

let lastHeld = null;
store.onChange((ids) => {
  state.loaded = true;
  if (!ids) renderPicker();
  if (!ids || ids.includes(state.facilityId)) {
    renderCount();
    const held = facility()?.held;
    if (held !== lastHeld) {
      lastHeld = held;
      refreshHolds();
    }
  }
});

$('facility-select').addEventListener('change', (e) => selectFacility(e.target.value));
$('free-minus').addEventListener('click', () => step(-1));
$('free-plus').addEventListener('click', () => step(1));
$('free-input').addEventListener('input', () => { state.dirty = true; setError(null); });
$('total-input').addEventListener('input', () => { state.dirty = true; });
$('count-form').addEventListener('submit', save);
$('confirm-btn').addEventListener('click', confirmUnchanged);

onLangChange(() => {
  renderPicker();
  renderCount();
  for (const li of holdItems.values()) li.remove();
  holdItems.clear();
  renderHolds();
  setLiveState(badge, badge.dataset.state);
});

setInterval(() => {
  const now = Date.now();
  for (const el of document.querySelectorAll('.countdown[data-expires]')) el.textContent = fmt.timeLeft(el.dataset.expires, now) ?? t('hold.expiring');
}, 1000);
setInterval(refreshHolds, HOLDS_REFRESH_MS);
setInterval(renderCount, 60000);

renderCount();
setLiveState(badge, 'connecting');
connectCapacity(store, { onState: (s) => setLiveState(badge, s) });
loadPatrolNames().then(refreshHolds);
