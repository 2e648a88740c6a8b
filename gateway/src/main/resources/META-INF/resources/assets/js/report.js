// The coordinator's monthly report (/report/?month=YYYY-MM): the month's nights from GET /api/indicators/daily and
// its stale reporters, answering the audit's questions one by one, printable on A4 (relais.css hides the
// navigation and the tools in print). FR/EN like every view.
import { t, onLangChange } from './i18n.js';
import { requireSession } from './auth.js';
import { h, clear, mountHeader, problemNotice, icon } from './ui.js';
import * as fmt from './format.js';
import { KINDS, DECLINE_REASONS, DEFAULT_ARRONDISSEMENTS } from './capacity.js';
import {
  loadDaily, loadStaleReporters, nightTotals, sumOf, declinedOf, weightedQuantile, staleByFacility, longDay, monthName,
  parisToday, nightUnderWay,
} from './daily.js';

requireSession();
mountHeader('report', { live: false });
const $ = (id) => document.getElementById(id);
const main = $('main');

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const today = parisToday();
const asked = new URLSearchParams(location.search).get('month');
const month = MONTH.test(asked || '') && asked <= today.slice(0, 7) ? asked : today.slice(0, 7);
const badMonth = asked != null && asked !== month;

let daily = null;
let stale = null;
let error = null;

/** The month's nights: its first to its last day, or to today for the month under way. */
function monthRange() {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: last < today ? last : today };
}

/**
 * A sentence whose {placeholders} become emphasised figures, each marked data-figure for whoever checks them.
 * values: {name: [text, figureId]}; count picks the plural form.
 */
function sentence(key, values, count) {
  const marks = Object.fromEntries(Object.keys(values).map((k) => [k, `\u0000${k}\u0000`]));
  const parts = t(key, { ...marks, count }).split('\u0000');
  return parts.map((part, i) => {
    if (i % 2 === 0) return part;
    const [text, figure] = values[part];
    return h('strong', { class: 'num', 'data-figure': figure }, text);
  });
}

const avg = (total, n) => (total == null || !n ? null : total / n);
const round = (v) => (v == null ? null : Math.round(v));

function question(id, key, ...content) {
  return h('section', { class: 'report-q', id: `q-${id}`, 'aria-labelledby': `q-${id}-h` }, h('h2', { id: `q-${id}-h` }, t(key)), ...content);
}

function table(id, caption, head, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, head.map((label, i) => h('th', { scope: 'col', class: i ? 'num' : null }, label)))),
    h('tbody', {}, rows)));
}

function cell(value, col) {
  return h('td', { class: 'num', 'data-col': col }, value);
}

function renderPlaces(nights, known) {
  const allRows = known.flatMap((n) => n.rows);
  const places = known.map((n) => n.places).filter((v) => v != null);
  const kindRows = KINDS.map((kind) => {
    const rows = allRows.filter((r) => r.kind === kind);
    return h('tr', { 'data-kind': kind }, h('th', { scope: 'row' }, fmt.kindLabel(kind)),
      cell(fmt.num(round(avg(sumOf(rows, 'places'), known.length))), 'places'),
      cell(fmt.num(round(avg(sumOf(rows, 'nightCoveragePlaces'), known.length))), 'night'),
      cell(fmt.num(round(avg(sumOf(rows, 'freeAt22'), known.length))), 'free22'),
      cell(fmt.num(round(avg(sumOf(rows, 'freeAt02'), known.length))), 'free02'));
  });
  return question('places', 'report.q.places',
    h('p', {}, sentence('report.a.places', {
      places: [fmt.num(round(avg(sumOf(known, 'places'), known.length))), 'places-avg'],
      min: [fmt.num(places.length ? Math.min(...places) : null), 'places-min'],
      max: [fmt.num(places.length ? Math.max(...places) : null), 'places-max'],
      night: [fmt.num(round(avg(sumOf(known, 'nightCoveragePlaces'), known.length))), 'night-avg'],
      free22: [fmt.num(round(avg(sumOf(known, 'freeAt22'), known.length))), 'free22-avg'],
      free02: [fmt.num(round(avg(sumOf(known, 'freeAt02'), known.length))), 'free02-avg'],
    })),
    table('report-kinds', t('report.kindsCaption'),
      [t('col.kind'), t('report.col.places'), t('report.col.night'), t('report.col.free22'), t('report.col.free02')], kindRows),
    h('p', { class: 'small muted' }, t('report.placesNote')));
}

function renderRequests(known) {
  const allRows = known.flatMap((n) => n.rows);
  const total = (key) => sumOf(known, key) ?? 0;
  const arrs = [...new Set([...DEFAULT_ARRONDISSEMENTS, ...allRows.map((r) => r.arrondissement)])].sort();
  const arrRows = arrs.map((arr) => {
    const rows = allRows.filter((r) => r.arrondissement === arr);
    return h('tr', { 'data-arrondissement': arr }, h('th', { scope: 'row' }, fmt.arrShort(arr)),
      ...['requests', 'holds', 'arrivals', 'unmet', 'expired', 'cancelled'].map((key) => cell(fmt.num(sumOf(rows, key) ?? 0), key)));
  });
  return question('requests', 'report.q.requests',
    h('p', {}, sentence('report.a.requests', {
      requests: [fmt.num(total('requests')), 'requests'],
      nights: [fmt.num(known.length), 'nights-known'],
      perNight: [fmt.num(known.length ? Math.round((total('requests') / known.length) * 10) / 10 : null), 'requests-per-night'],
      holds: [fmt.num(total('holds')), 'holds'],
      arrivals: [fmt.num(total('arrivals')), 'arrivals'],
    }, total('requests'))),
    table('report-arrondissements', t('report.arrCaption'),
      [t('col.arr'), t('trend.requests'), t('report.col.holds'), t('trend.arrivals'), t('report.col.unmet'), t('report.col.expired'), t('report.col.cancelled')], arrRows));
}

function renderUnmet(known) {
  const requests = sumOf(known, 'requests') ?? 0;
  const unmet = sumOf(known, 'unmet') ?? 0;
  return question('unmet', 'report.q.unmet',
    h('p', {}, sentence('report.a.unmet', {
      unmet: [fmt.num(unmet), 'unmet'],
      rate: [requests ? fmt.percent(unmet / requests) : '–', 'unmet-rate'],
      expired: [fmt.num(sumOf(known, 'expired') ?? 0), 'expired'],
      cancelled: [fmt.num(sumOf(known, 'cancelled') ?? 0), 'cancelled'],
    }, unmet)),
    h('p', { class: 'small muted' }, t('report.unmetNote')));
}

function renderTimes(known) {
  const rows = known.flatMap((n) => n.rows);
  const q = (value, weight, p) => weightedQuantile(rows.map((r) => [r[value], r[weight]]), p);
  return question('times', 'report.q.times',
    h('p', {}, sentence('report.a.timeToHold', {
      median: [fmt.duration(q('timeToHoldMedianSeconds', 'holds', 0.5)), 'hold-median'],
      p90: [fmt.duration(q('timeToHoldP90Seconds', 'holds', 0.9)), 'hold-p90'],
    })),
    h('p', {}, sentence('report.a.timeToArrival', {
      median: [fmt.duration(q('timeToArrivalMedianSeconds', 'arrivals', 0.5)), 'arrival-median'],
      p90: [fmt.duration(q('timeToArrivalP90Seconds', 'arrivals', 0.9)), 'arrival-p90'],
    })),
    h('p', { class: 'small muted' }, t('report.timesNote')));
}

function renderDeclines(known) {
  const declined = declinedOf(known.flatMap((n) => n.rows));
  const reasons = [...new Set([...DECLINE_REASONS, ...Object.keys(declined)])];
  const total = Object.values(declined).reduce((a, b) => a + b, 0);
  return question('declines', 'report.q.declines',
    h('p', {}, sentence('report.a.declines', { total: [fmt.num(total), 'declined'] }, total)),
    table('report-declines', t('report.declinesCaption'), [t('report.col.reason'), t('report.col.declined')],
      reasons.map((reason) => h('tr', { 'data-reason': reason }, h('th', { scope: 'row' }, t(`reason.${reason}`)), cell(fmt.num(declined[reason] || 0), 'declined')))));
}

function renderStale() {
  const list = staleByFacility(stale?.rows || []);
  return question('stale', 'report.q.stale',
    h('p', {}, sentence('report.a.stale', { facilities: [fmt.num(list.length), 'stale-count'] }, list.length)),
    list.length
      ? table('report-stale', t('stale.caption'), [t('col.facility'), t('stale.nights'), t('stale.longest')],
        list.map((f) => h('tr', { 'data-facility': f.facilityId },
          h('th', { scope: 'row' }, h('span', { class: 'cell-name' }, f.name || f.facilityId), h('span', { class: 'cell-sub' }, `${fmt.arrShort(f.arrondissement)} · ${fmt.kindLabel(f.kind)}`)),
          cell(fmt.num(f.nights), 'nights'), cell(fmt.overdue(f.maxOverdueHours), 'overdue'))))
      : null);
}

function renderNights(nights) {
  const cols = ['places', 'nightCoveragePlaces', 'requests', 'holds', 'arrivals', 'unmet'];
  return question('nights', 'report.q.nights',
    table('report-nights', t('report.nightsCaption'),
      [t('trend.nightCol'), t('report.col.places'), t('report.col.night'), t('trend.requests'), t('report.col.holds'), t('trend.arrivals'), t('report.col.unmet')],
      nights.map((n) => h('tr', { 'data-day': n.day, 'data-known': String(n.known) }, h('th', { scope: 'row', class: 'nowrap' }, longDay(n.day)),
        cols.map((key) => cell(n.known ? fmt.num(n[key]) : '–', key))))));
}

function render() {
  const title = t('report.title', { month: monthName(month) });
  document.title = `Relais · ${title}`;
  $('report-title').textContent = title;
  $('report-month').value = month;
  clear($('report-print'), icon('printer'), t('report.print'));
  const notices = [];
  if (badMonth) notices.push(h('p', { class: 'notice notice--warn', role: 'status' }, icon('info'), h('span', {}, t('report.badMonth', { month: monthName(month) }))));
  if (error) notices.push(problemNotice(error));
  clear($('report-status'), notices);
  if (!daily) {
    $('report-scope').textContent = '';
    clear($('report-body'), error ? null : h('p', { class: 'empty' }, t('trend.loading')));
    return;
  }
  const nights = nightTotals(daily);
  const known = nights.filter((n) => n.known);
  $('report-scope').textContent = t('report.scope', {
    from: longDay(daily.from), to: longDay(daily.to), start: daily.dayStartsAt || '12:00', zone: daily.timeZone || 'Europe/Paris',
    known: known.length, nights: nights.length, made: fmt.dateTime(new Date().toISOString()),
  });
  clear($('report-body'),
    renderPlaces(nights, known), renderRequests(known), renderUnmet(known), renderTimes(known), renderDeclines(known), renderStale(),
    renderNights(nights));
}

async function load() {
  const range = monthRange();
  try {
    const [d, s] = await Promise.all([loadDaily(range), loadStaleReporters(range)]);
    // Nights not started yet (the rest of today before the night begins) are left out rather than shown empty.
    const current = nightUnderWay(d.timeZone, d.dayStartsAt);
    daily = current >= d.from && current < d.to ? { ...d, to: current, rows: d.rows.filter((r) => r.day <= current) } : d;
    stale = s;
    error = null;
  } catch (e) {
    error = e;
  }
  render();
  main.dataset.state = error ? 'error' : 'ready';
}

$('report-tools').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = $('report-month').value;
  if (MONTH.test(value)) location.search = `?month=${value}`;
});
$('report-print').addEventListener('click', () => window.print());
$('report-month').max = today.slice(0, 7);
onLangChange(render);
render();
load();
