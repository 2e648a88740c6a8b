// Coordinator dashboard: live capacity (SSE) per arrondissement and kind, map, sortable facility table with
// overdue counts in red (icon + words), night coverage, and referral activity polled every 10 s.
import { t, onLangChange } from './i18n.js';
import { api } from './api.js';
import { requireSession } from './auth.js';
import { h, clear, mountHeader, setLiveState, kindBadge, openBadges, freshness, problemNotice, icon } from './ui.js';
import * as fmt from './format.js';
import { CapacityStore, connectCapacity, totals, KINDS } from './capacity.js';
import { createMap, legendSwatch } from './map.js';
import { renderHourlyChart } from './chart.js';
import { renderTrendChart } from './trend.js';
import { loadDaily, loadStaleReporters, downloadCsv, nightTotals, staleByFacility, longDay } from './daily.js';

const ACTIVITY_REFRESH_MS = 10000;
// The nightly rows are recomputed every 15 minutes at most: reading them every 5 is enough.
const TREND_REFRESH_MS = 5 * 60000;

const store = new CapacityStore();
// Holds, indicators and the nightly history are the coordination's (the rules table): an admin, who lands here too,
// gets the board without them rather than "not allowed" boxes.
const coordinating = requireSession()?.role === 'coordinator';
const badge = mountHeader('dashboard');
const $ = (id) => document.getElementById(id);

let map = null;
let holds = [];
let indicators = null;
// The indicators' arrondissement ('' for the whole board): only requests made on the board are demand.
let indicatorScope = '';
let activityError = null;
let sort = { key: 'arrondissement', dir: 'asc' };
const filters = { arrondissement: '', kind: '', text: '', staleOnly: false };
const flashIds = new Set();

// ------------------------------------------------------------------------------------------- summary

function renderKpis(all) {
  const sum = totals(all);
  $('kpi-offered').textContent = fmt.num(sum.offered);
  $('kpi-offered-sub').textContent = t('dash.kpi.offeredSub', { free: fmt.num(sum.free), facilities: sum.facilities });
  $('kpi-held').textContent = fmt.num(sum.held);
  $('kpi-held-sub').textContent = t('dash.kpi.heldSub');
  $('kpi-occupancy').textContent = fmt.percent(sum.occupancy);
  $('kpi-occupancy-sub').textContent = t('dash.kpi.occupancySub', { used: fmt.num(sum.total - sum.free), total: fmt.num(sum.total) });
  $('kpi-night').textContent = fmt.num(sum.nightPlaces);
  $('kpi-night-sub').textContent = t('dash.kpi.nightSub', { count: sum.openTonight });
  $('generated-at').textContent = store.generatedAt ? t('dash.generatedAt', { time: fmt.clock(store.generatedAt) }) : '';
}

function occupancyMeter(ratio) {
  const level = ratio >= 0.95 ? 'high' : ratio >= 0.8 ? 'mid' : 'low';
  // Width through the CSSOM, not a style attribute: the CSP (style-src 'self') refuses inline style attributes.
  const bar = h('span');
  bar.style.width = `${Math.round(Math.min(1, ratio) * 100)}%`;
  return h('div', { class: 'meter', 'data-level': level, 'aria-hidden': 'true' }, bar);
}

function renderArrondissements(all) {
  const cards = store.arrondissements.map((arr) => {
    const list = all.filter((f) => f.arrondissement === arr);
    const sum = totals(list);
    const stat = (cls, key, value) => h('div', { class: cls }, h('dt', {}, t(key)), h('dd', { 'data-stat': cls.replace('is-', '') }, fmt.num(value)));
    const kindRows = KINDS.map((kind) => ({ kind, sum: totals(list.filter((f) => f.kind === kind)) })).filter((r) => r.sum.facilities > 0);
    return h('article', { class: 'card arr-card', 'data-arrondissement': arr, 'aria-labelledby': `arr-h-${arr}` },
      h('h2', { id: `arr-h-${arr}` }, fmt.arrLabel(arr), h('span', { class: 'arr-card__code' }, arr)),
      h('dl', { class: 'arr-stats' },
        stat('is-offered', 'stat.offered', sum.offered),
        stat('is-free', 'stat.free', sum.free),
        stat('is-held', 'stat.held', sum.held),
        stat('is-total', 'stat.total', sum.total)),
      h('div', { class: 'arr-occ' }, h('span', {}, t('stat.occupancy')), occupancyMeter(sum.occupancy), h('strong', { class: 'num' }, fmt.percent(sum.occupancy))),
      kindRows.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, t('dash.kindsIn', { arr: fmt.arrLabel(arr) })),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.kind')), ['free', 'held', 'total'].map((k) => h('th', { scope: 'col', class: 'num' }, t(`stat.${k}`))),
            h('th', { scope: 'col', class: 'num' }, h('abbr', { title: t('stat.occupancy') }, t('stat.occupancyShort'))))),
          h('tbody', {}, kindRows.map(({ kind, sum: s }) => h('tr', { 'data-kind': kind },
            h('th', { scope: 'row' }, fmt.kindLabel(kind)),
            h('td', { class: 'num' }, fmt.num(s.free)), h('td', { class: 'num' }, fmt.num(s.held)),
            h('td', { class: 'num' }, fmt.num(s.total)), h('td', { class: 'num' }, fmt.percent(s.occupancy)))))))
        : h('p', { class: 'empty' }, t('dash.noFacility')),
      h('p', { class: 'arr-night' }, icon('moon'), t('dash.nightIn', { places: fmt.num(sum.nightPlaces), count: sum.openTonight })),
      sum.stale > 0 ? h('p', { class: 'stale small' }, icon('alert'), ' ', t('dash.staleIn', { count: sum.stale })) : null);
  });
  clear($('arr-grid'), cards);
}

function renderKinds(all) {
  const rows = KINDS.map((kind) => ({ kind, sum: totals(all.filter((f) => f.kind === kind)) }));
  clear($('kinds'), h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.kind')),
      ['offered', 'free', 'held', 'total', 'occupancy'].map((k) => h('th', { scope: 'col', class: 'num' }, t(`stat.${k}`))))),
    h('tbody', {}, rows.map(({ kind, sum }) => h('tr', { 'data-kind': kind },
      h('th', { scope: 'row' }, kindBadge(kind)),
      h('td', { class: 'num' }, fmt.num(sum.offered)), h('td', { class: 'num' }, fmt.num(sum.free)),
      h('td', { class: 'num' }, fmt.num(sum.held)), h('td', { class: 'num' }, fmt.num(sum.total)),
      h('td', { class: 'num' }, sum.total ? fmt.percent(sum.occupancy) : '–'))))));
}

// ------------------------------------------------------------------------------------------- table

const COLUMNS = [
  { key: 'name', label: 'col.name', value: (f) => f.name?.toLocaleLowerCase() || '' },
  { key: 'kind', label: 'col.kind', value: (f) => fmt.kindLabel(f.kind) },
  { key: 'arrondissement', label: 'col.arr', value: (f) => f.arrondissement },
  { key: 'offered', label: 'stat.offered', num: true, value: (f) => f.offered },
  { key: 'free', label: 'stat.free', num: true, value: (f) => f.free },
  { key: 'held', label: 'stat.held', num: true, value: (f) => f.held },
  { key: 'total', label: 'stat.total', num: true, value: (f) => f.total },
  { key: 'occupancy', label: 'stat.occupancy', num: true, value: (f) => (f.total ? (f.total - f.free) / f.total : 0) },
  { key: 'updatedAt', label: 'col.updated', value: (f) => (f.stale ? 0 : 1) * 1e15 + (f.updatedAt ? new Date(f.updatedAt).getTime() : 0) },
  { key: 'open', label: 'col.open', value: (f) => (f.openNow ? 2 : 0) + (f.openTonight ? 1 : 0) },
];

function renderTableHead() {
  const row = $('facilities-head');
  if (!row.children.length) {
    for (const col of COLUMNS) {
      const button = h('button', { type: 'button', class: 'sort-btn', 'data-sort': col.key });
      button.addEventListener('click', () => {
        // Numbers sort biggest first on the first click; names and dates alphabetically / oldest first.
        if (sort.key === col.key) sort = { key: col.key, dir: sort.dir === 'asc' ? 'desc' : 'asc' };
        else sort = { key: col.key, dir: col.num ? 'desc' : 'asc' };
        renderTableHead();
        renderTable();
      });
      row.append(h('th', { scope: 'col', class: col.num ? 'num' : null, 'data-col': col.key }, button));
    }
  }
  for (const th of row.children) {
    const col = COLUMNS.find((c) => c.key === th.dataset.col);
    const active = sort.key === col.key;
    if (active) th.setAttribute('aria-sort', sort.dir === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
    clear(th.firstChild, t(col.label), icon(active ? (sort.dir === 'asc' ? 'sortAsc' : 'sortDesc') : 'sortNone'));
    th.firstChild.setAttribute('aria-label', `${t(col.label)}, ${t('table.sortBy')}`);
  }
}

function visibleFacilities() {
  const text = filters.text.trim().toLocaleLowerCase();
  // Deactivated facilities offer nothing tonight; they stay visible on the operator page only.
  return store.list().filter((f) => f.active && (!filters.arrondissement || f.arrondissement === filters.arrondissement)
    && (!filters.kind || f.kind === filters.kind)
    && (!filters.staleOnly || f.stale)
    && (!text || `${f.name} ${f.address || ''} ${f.id}`.toLocaleLowerCase().includes(text)));
}

function renderTable() {
  const col = COLUMNS.find((c) => c.key === sort.key);
  const factor = sort.dir === 'asc' ? 1 : -1;
  const list = visibleFacilities().sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const cmp = typeof va === 'number' ? va - vb : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return cmp * factor || a.name.localeCompare(b.name);
  });
  const now = Date.now();
  const rows = list.map((f) => {
    const occ = f.total ? (f.total - f.free) / f.total : 0;
    const tr = h('tr', {
      id: `fac-${f.id}`, 'data-facility': f.id, 'data-stale': String(f.stale),
      class: [f.stale ? 'is-stale' : '', flashIds.has(f.id) ? 'is-flash' : ''].join(' ').trim() || null,
    },
    h('td', {}, h('span', { class: 'cell-name' }, f.name), h('span', { class: 'cell-sub' }, f.address || (f.confidentialAddress ? t('facility.confidentialAddress') : '')),
      f.active ? null : h('span', { class: 'badge badge--neutral' }, icon('ban'), t('facility.inactive'))),
    h('td', {}, kindBadge(f.kind)),
    h('td', { class: 'nowrap' }, fmt.arrShort(f.arrondissement)),
    h('td', { class: 'num', 'data-col': 'offered' }, h('strong', {}, fmt.num(f.offered))),
    h('td', { class: 'num', 'data-col': 'free' }, fmt.num(f.free)),
    h('td', { class: 'num', 'data-col': 'held' }, fmt.num(f.held)),
    h('td', { class: 'num', 'data-col': 'total' }, fmt.num(f.total)),
    h('td', { class: 'num', 'data-col': 'occupancy' }, fmt.percent(occ)),
    h('td', { 'data-col': 'updated' }, freshness(f, now)),
    h('td', { 'data-col': 'open' }, h('span', { class: 'badges' }, openBadges(f)), h('span', { class: 'cell-sub' }, fmt.openingHours(f.openingHours))));
    return tr;
  });
  flashIds.clear();
  clear($('facilities-body'), rows.length ? rows : h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'empty' }, t('dash.noMatch'))));
  const staleCount = list.filter((f) => f.stale).length;
  $('facilities-count').textContent = t('dash.facilitiesCount', { count: list.length, stale: staleCount });
}

function fillFilters() {
  const arrSelect = $('filter-arr');
  const kindSelect = $('filter-kind');
  clear(arrSelect, h('option', { value: '' }, t('filter.all')), store.arrondissements.map((a) => h('option', { value: a }, fmt.arrLabel(a))));
  arrSelect.value = filters.arrondissement;
  clear(kindSelect, h('option', { value: '' }, t('filter.all')), KINDS.map((k) => h('option', { value: k }, fmt.kindLabel(k))));
  kindSelect.value = filters.kind;
}

// ------------------------------------------------------------------------------------------- map

async function setupMap() {
  try {
    const geojson = await (await fetch('/assets/geo/arrondissements.geo.json')).json();
    map = createMap($('map'), geojson, {
      onSelect: (id) => {
        map.highlight(id);
        const row = document.getElementById(`fac-${id}`);
        if (row) {
          row.scrollIntoView({ block: 'center', behavior: 'smooth' });
          history.replaceState(null, '', `#fac-${id}`);
          row.classList.add('is-flash');
        }
      },
    });
    renderMap();
  } catch (e) {
    clear($('map'), problemNotice(e));
  }
}

function renderMap() {
  if (!map) return;
  const missing = map.update(store.list().filter((f) => f.active));
  $('map-note').textContent = missing > 0 ? t('map.missing', { count: missing }) : '';
  clear($('map-legend'),
    h('li', {}, legendSwatch('open'), t('map.legendOpen')),
    h('li', {}, legendSwatch('full'), t('map.legendFull')),
    h('li', {}, legendSwatch('stale'), t('map.legendStale')));
}

// ------------------------------------------------------------------------------------------- activity

const patrolNames = new Map();
async function loadPatrolNames() {
  try {
    for (const p of await api('/api/patrols')) patrolNames.set(p.id, p.name);
    renderHolds();
  } catch {
    /* ids are shown instead */
  }
}

function facilityName(id) {
  return store.get(id)?.name || id;
}

function renderHolds() {
  const now = Date.now();
  $('holds-count').textContent = t('dash.holdsCount', { count: holds.length });
  if (!holds.length) {
    clear($('holds'), h('p', { class: 'empty' }, t('dash.noHolds')));
    return;
  }
  const sorted = [...holds].sort((a, b) => new Date(a.expiresAt) - new Date(b.expiresAt));
  clear($('holds'), h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'holds-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('col.facility')), h('th', { scope: 'col' }, t('col.arr')),
      h('th', { scope: 'col' }, t('col.patrol')), h('th', { scope: 'col', class: 'num' }, t('col.timeLeft')))),
    h('tbody', {}, sorted.map((hold) => {
      const left = fmt.timeLeft(hold.expiresAt, now);
      const urgent = new Date(hold.expiresAt).getTime() - now < 5 * 60000;
      return h('tr', { 'data-referral': hold.referralId },
        h('td', {}, h('span', { class: 'cell-name' }, facilityName(hold.facilityId)), h('span', { class: 'cell-sub' }, t('dash.heldAt', { time: fmt.clock(hold.heldAt) }))),
        h('td', { class: 'nowrap' }, fmt.arrShort(hold.arrondissement)),
        h('td', {}, patrolNames.get(hold.patrolId) || hold.patrolId),
        h('td', { class: 'num' }, h('span', { class: 'countdown', 'data-expires': hold.expiresAt, 'data-urgent': String(urgent) },
          urgent ? icon('hourglass') : null, ' ', left ?? t('hold.expiring'))));
    })))));
}

function tickCountdowns() {
  const now = Date.now();
  for (const el of document.querySelectorAll('.countdown[data-expires]')) {
    const left = fmt.timeLeft(el.dataset.expires, now);
    const last = el.lastChild;
    if (last && last.nodeType === Node.TEXT_NODE) last.textContent = left ?? t('hold.expiring');
  }
}

function renderIndicators() {
  const host = $('activity-kpis');
  clear($('activity-error'), activityError ? problemNotice(activityError) : null);
  if (!indicators) {
    clear(host);
    return;
  }
  const tot = indicators.totals || {};
  const current = indicators.current || {};
  const unmetRate = tot.requests ? tot.unmet / tot.requests : null;
  const kpi = (id, label, value, sub, ic) => h('div', { class: 'kpi', id },
    h('span', { class: 'kpi__label' }, ic ? icon(ic) : null, t(label)), h('span', { class: 'kpi__value' }, value), h('span', { class: 'kpi__sub' }, sub || ''));
  clear(host,
    kpi('ind-requests', 'ind.requests', fmt.num(tot.requests ?? 0), t('ind.requestsSub', { cancelled: fmt.num(tot.cancelled ?? 0) }), 'send'),
    kpi('ind-held', 'ind.held', fmt.num(tot.held ?? 0), t('ind.heldSub', { arrived: fmt.num(tot.arrived ?? 0) }), 'check'),
    kpi('ind-unmet', 'ind.unmet', fmt.num(tot.unmet ?? 0), unmetRate == null ? '' : t('ind.unmetSub', { rate: fmt.percent(unmetRate) }), 'ban'),
    kpi('ind-median', 'ind.median', tot.medianSecondsToHold == null ? '–' : fmt.duration(tot.medianSecondsToHold),
      tot.p90SecondsToHold == null ? '' : t('ind.p90', { value: fmt.duration(tot.p90SecondsToHold) }), 'clock'),
    kpi('ind-waitlist', 'ind.waitlist', fmt.num(current.waitlist ?? 0), t('ind.waitlistSub', { holds: fmt.num(current.activeHolds ?? holds.length) }), 'list'));
  renderHourlyChart($('chart'), indicators.hourly || []);
  $('activity-updated').textContent = t('dash.refreshedAt', { time: fmt.clock(new Date().toISOString()) });
}

function fillScope() {
  const select = $('ind-scope');
  clear(select, h('option', { value: '' }, t('ind.scopeBoard', { list: store.arrondissements.map(fmt.arrShort).join(', ') })),
    store.arrondissements.map((a) => h('option', { value: a }, fmt.arrLabel(a))));
  select.value = indicatorScope;
}

async function refreshActivity() {
  const scope = indicatorScope;
  const path = scope ? `/api/indicators?arrondissement=${encodeURIComponent(scope)}` : '/api/indicators';
  const [h1, h2] = await Promise.allSettled([api('/api/holds'), api(path)]);
  // A scope changed meanwhile has its own refresh under way: this answer is for the old one.
  if (scope !== indicatorScope) return;
  if (h1.status === 'fulfilled') holds = h1.value || [];
  if (h2.status === 'fulfilled') indicators = h2.value;
  activityError = h2.status === 'rejected' ? h2.reason : h1.status === 'rejected' ? h1.reason : null;
  renderHolds();
  renderIndicators();
}

// ------------------------------------------------------------------------------------------- 30 nights

let daily = null;
let staleRows = null;
let trendError = null;
let csvState = null; // null, 'busy', {saved: name} or {error}

function renderTrend() {
  clear($('trend-csv'), icon('download'), t('trend.csv'));
  $('trend-csv').disabled = !daily || csvState === 'busy';
  const month = daily?.to ? daily.to.slice(0, 7) : '';
  $('report-link').href = month ? `/report/?month=${month}` : '/report/';
  clear($('report-link'), icon('clipboard'), t('trend.report'));
  $('trend-range').textContent = daily ? t('trend.range', { from: longDay(daily.from), to: longDay(daily.to), start: daily.dayStartsAt || '12:00' }) : '';
  let status = null;
  if (trendError) status = problemNotice(trendError);
  else if (csvState?.error) status = problemNotice(csvState.error, t('trend.csvFailed'));
  else if (csvState?.saved) status = h('p', { class: 'small muted', id: 'trend-csv-saved' }, t('trend.csvSaved', { name: csvState.saved }));
  clear($('trend-status'), status);
  if (daily) renderTrendChart($('trend-chart'), nightTotals(daily));
  else if (!trendError) clear($('trend-chart'), h('p', { class: 'empty' }, t('trend.loading')));
  else clear($('trend-chart'));
  renderStale();
}

function renderStale() {
  if (!staleRows) {
    clear($('stale-list'));
    return;
  }
  const list = staleByFacility(staleRows);
  if (!list.length) {
    clear($('stale-list'), h('p', { class: 'empty' }, t('stale.none')));
    return;
  }
  // A list, not a table: long facility names wrap on a phone instead of squeezing a column.
  clear($('stale-list'), h('ul', { class: 'stale-list', id: 'stale-table', 'aria-labelledby': 'stale-title' }, list.map((f) => h('li', { 'data-facility': f.facilityId },
    h('span', { class: 'cell-name' }, f.name || f.facilityId),
    h('span', { class: 'cell-sub' }, `${fmt.arrShort(f.arrondissement)} · ${fmt.kindLabel(f.kind)}`),
    h('span', { class: 'stale-list__figures' },
      h('span', { class: 'stale', 'data-col': 'overdue' }, icon('alert'), ' ', t('stale.longestIs', { value: fmt.overdue(f.maxOverdueHours) })),
      h('span', { 'data-col': 'nights' }, t('stale.nightsIs', { count: f.nights })),
      h('span', { 'data-col': 'last' }, t('stale.lastIs', { day: longDay(f.lastDay) })))))));
}

async function refreshTrend() {
  try {
    const answer = await loadDaily();
    const stale = await loadStaleReporters({ from: answer.from, to: answer.to });
    daily = answer;
    staleRows = stale?.rows || [];
    trendError = null;
  } catch (e) {
    trendError = e;
  }
  renderTrend();
}

async function saveCsv() {
  if (!daily) return;
  csvState = 'busy';
  renderTrend();
  try {
    csvState = { saved: await downloadCsv({ from: daily.from, to: daily.to }) };
  } catch (e) {
    csvState = { error: e };
  }
  renderTrend();
}

// ------------------------------------------------------------------------------------------- wiring

let frame = 0;
function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const all = store.list();
    renderKpis(all);
    renderArrondissements(all);
    renderKinds(all);
    renderTable();
    renderMap();
  });
}

let holdsTimer = 0;
store.onChange((ids) => {
  if (ids) ids.forEach((id) => flashIds.add(id));
  else {
    fillFilters();
    fillScope();
  }
  scheduleRender();
  // A change in held places means a hold appeared or ended: refresh the list soon instead of in 10 s.
  clearTimeout(holdsTimer);
  if (ids && coordinating) holdsTimer = setTimeout(refreshActivity, 400);
});

$('filter-arr').addEventListener('change', (e) => { filters.arrondissement = e.target.value; renderTable(); });
$('filter-kind').addEventListener('change', (e) => { filters.kind = e.target.value; renderTable(); });
$('filter-text').addEventListener('input', (e) => { filters.text = e.target.value; renderTable(); });
$('filter-stale').addEventListener('change', (e) => { filters.staleOnly = e.target.checked; renderTable(); });
$('trend-csv').addEventListener('click', saveCsv);
$('ind-scope').addEventListener('change', (e) => {
  indicatorScope = e.target.value;
  indicators = null;
  renderIndicators();
  refreshActivity();
});

onLangChange(() => {
  fillFilters();
  fillScope();
  renderTableHead();
  scheduleRender();
  renderHolds();
  renderIndicators();
  renderTrend();
  setLiveState(badge, badge.dataset.state);
});

fillFilters();
fillScope();
renderTableHead();
setLiveState(badge, 'connecting');
connectCapacity(store, { onState: (state) => setLiveState(badge, state) });
setupMap();
if (coordinating) {
  refreshActivity();
  loadPatrolNames();
  setInterval(refreshActivity, ACTIVITY_REFRESH_MS);
  renderTrend();
  refreshTrend();
  setInterval(refreshTrend, TREND_REFRESH_MS);
} else {
  document.querySelectorAll('[data-coordinators-only]').forEach((section) => { section.hidden = true; });
}
setInterval(tickCountdowns, 1000);
// "il y a 3 min" ages without events: re-render the table each minute.
setInterval(scheduleRender, 60000);
