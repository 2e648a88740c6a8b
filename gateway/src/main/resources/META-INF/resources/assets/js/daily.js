// The nightly history (GET /api/indicators/daily and .../stale-reporters, computed by referral-service): one row per
// night x arrondissement x kind, summed here per night for the board's trend and per month for the report.
// A night is named by the date it starts (12:00 to 12:00 in Paris by default; the API says which).
import { api, download } from './api.js';
import { getLang } from './i18n.js';

export const DAILY_PATH = '/api/indicators/daily';

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** {from, to, timeZone, dayStartsAt, rows}; without from/to the API answers the last 30 nights. */
export function loadDaily({ from, to } = {}) {
  return api(`${DAILY_PATH}${query({ from, to })}`);
}

export function loadStaleReporters({ from, to }) {
  return api(`${DAILY_PATH}/stale-reporters${query({ from, to })}`);
}

/** Saves the same nights as CSV (the API's own file, RFC 4180), fetched with the token. */
export function downloadCsv({ from, to }) {
  return download(`${DAILY_PATH}${query({ from, to })}`, { accept: 'text/csv', fallbackName: `relais-daily-${from}-${to}.csv` });
}

/** Every date from `from` to `to` inclusive, as YYYY-MM-DD (calendar dates, no time zone involved). */
export function eachDay(from, to) {
  const out = [];
  if (!from || !to) return out;
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** Sum of a field over rows; null when no row knows it (unknown is not zero). */
export function sumOf(rows, key) {
  let total = null;
  for (const r of rows) if (r[key] != null) total = (total ?? 0) + r[key];
  return total;
}

const COUNTS = ['places', 'freeAt22', 'freeAt02', 'holds', 'arrivals', 'requests', 'unmet', 'expired', 'cancelled', 'nightCoveragePlaces'];

/**
 * One entry per night of the answer's window, the rows of that night summed (the whole board, every kind), with
 * `known: false` for a night without any row (not computed yet): it is shown as a gap, never as zero.
 */
export function nightTotals(daily) {
  const byDay = new Map();
  for (const row of daily?.rows || []) {
    if (!byDay.has(row.day)) byDay.set(row.day, []);
    byDay.get(row.day).push(row);
  }
  return eachDay(daily?.from, daily?.to).map((day) => {
    const rows = byDay.get(day) || [];
    const night = { day, known: rows.length > 0, rows };
    for (const key of COUNTS) night[key] = rows.length ? sumOf(rows, key) : null;
    night.declined = declinedOf(rows);
    return night;
  });
}

/** Declines by reason over rows: {NO_PLACE: 3, SAFETY: 1}. */
export function declinedOf(rows) {
  const out = {};
  for (const r of rows) {
    for (const [reason, n] of Object.entries(r.declined || {})) out[reason] = (out[reason] || 0) + (n || 0);
  }
  return out;
}

/**
 * The q-th quantile of values each standing for `weight` cases (e.g. a night's median time to hold, weighted by its
 * holds). The API gives each night's median and p90, not the individual times, so a month's figure can only be
 * estimated from them; the page says so.
 */
export function weightedQuantile(pairs, q) {
  const list = pairs.filter(([v, w]) => v != null && w > 0).sort((a, b) => a[0] - b[0]);
  const total = list.reduce((n, [, w]) => n + w, 0);
  if (!total) return null;
  let seen = 0;
  for (const [value, weight] of list) {
    seen += weight;
    if (seen >= q * total) return value;
  }
  return list[list.length - 1][0];
}

/**
 * Stale-reporter rows (one per night and facility) grouped per facility: nights overdue, the longest delay, the
 * latest night; the longest-silent first.
 */
export function staleByFacility(rows) {
  const map = new Map();
  for (const r of rows || []) {
    // A facility whose name the history never saw is shown by its id.
    const f = map.get(r.facilityId) || { facilityId: r.facilityId, name: r.name || r.facilityId, arrondissement: r.arrondissement, kind: r.kind, nights: 0, maxOverdueHours: 0, lastDay: r.day };
    if (r.name) f.name = r.name;
    f.nights += 1;
    f.maxOverdueHours = Math.max(f.maxOverdueHours, r.overdueHours || 0);
    if (r.day > f.lastDay) f.lastDay = r.day;
    map.set(r.facilityId, f);
  }
  return [...map.values()].sort((a, b) => b.lastDay.localeCompare(a.lastDay) || b.maxOverdueHours - a.maxOverdueHours || a.name.localeCompare(b.name));
}

const locale = () => (getLang() === 'fr' ? 'fr-FR' : 'en-GB');

/** "04/12" for a night's date (a calendar date: formatted in UTC so no zone moves it). */
export function shortDay(day) {
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "ven. 4 déc." / "Fri 4 Dec". */
export function longDay(day) {
  return new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "novembre 2026" / "November 2026" for "2026-11". */
export function monthName(month) {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/**
 * The night under way, by the API's own time zone and start of night: before 12:00 it is still the night that
 * started yesterday. A later night has not started and has no figures yet.
 */
export function nightUnderWay(timeZone = 'Europe/Paris', dayStartsAt = '12:00', now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  const date = new Date(`${get('year')}-${get('month')}-${get('day')}T00:00:00Z`);
  if (`${get('hour')}:${get('minute')}` < dayStartsAt) date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Today's calendar date in Paris, YYYY-MM-DD. */
export function parisToday(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Paris' }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
