// Formatting in the current language: numbers, percentages, clock times, "12 min ago", countdowns.
import { getLang, t } from './i18n.js';

const locale = () => (getLang() === 'fr' ? 'fr-FR' : 'en-GB');

export function num(n) {
  return n == null || Number.isNaN(n) ? '–' : new Intl.NumberFormat(locale()).format(n);
}

export function percent(ratio) {
  if (ratio == null || Number.isNaN(ratio)) return '–';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** Paris wall-clock time, whatever the device's zone: the facilities' hours are Paris hours. */
export function clock(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })
    .format(new Date(iso));
}

/** "5 déc. 2026, 00:50" in Paris time: when a printed report was made. */
export function dateTime(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })
    .format(new Date(iso));
}

/** "il y a 12 min" / "12 min ago"; "never reported" for a facility that never sent a count. */
export function ago(iso, now = Date.now()) {
  if (!iso) return t('time.never');
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });
  if (abs < 45) return t('time.justNow');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** Time left until an instant as "m:ss" (or "h h mm"); null once past. */
export function timeLeft(iso, now = Date.now()) {
  if (!iso) return null;
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return null;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** A duration in seconds for humans: "4 min 10 s", "1 h 05". */
export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r ? `${m} min ${String(r).padStart(2, '0')} s` : `${m} min`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

/** Hours a count was overdue, for humans: "5 h 30", or "< 1 min" for a count only just overdue. */
export function overdue(hours) {
  if (hours == null || Number.isNaN(hours)) return '–';
  return hours * 3600 < 60 ? t('time.underMinute') : duration(hours * 3600);
}

/** ISO-8601 duration ("PT2H", "PT30M") in seconds, enough for reporting intervals; plain seconds pass. */
export function isoDurationSeconds(text) {
  if (typeof text === 'number') return text;
  if (/^\d+(\.\d+)?$/.test(text || '')) return Number(text);
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || '');
  if (!m) return null;
  return (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
}

export function kindLabel(kind) {
  return t(`kind.${kind}`);
}

/** "Paris 18e": short enough for a select on a phone or a table column. */
export function arrShort(code) {
  const m = /^750(\d\d)$/.exec(code || '');
  return m ? t('arr.short', { n: Number(m[1]) }) : code;
}

export function arrLabel(code) {
  const m = /^750(\d\d)$/.exec(code || '');
  return m ? t('arr.name', { n: Number(m[1]) }) : code;
}

/** Opening hours in short form: "tous les jours 22:00–07:00", or the list per day. */
export function openingHours(spans) {
  if (!spans || spans.length === 0) return t('hours.always');
  // "22:00", "22:00:00" or, from a mapper writing times as arrays, [22, 0].
  const hm = (v) => (Array.isArray(v) ? `${String(v[0]).padStart(2, '0')}:${String(v[1] || 0).padStart(2, '0')}` : String(v).slice(0, 5));
  const byHours = new Map();
  for (const s of spans) {
    const key = `${hm(s.opens)}–${hm(s.closes)}`;
    if (!byHours.has(key)) byHours.set(key, []);
    byHours.get(key).push(s.day);
  }
  return [...byHours.entries()]
    .map(([hours, days]) => (days.length === 7 ? `${t('hours.everyDay')} ${hours}` : `${days.map((d) => t(`day.${d}`)).join(', ')} ${hours}`))
    .join(' · ');
}
