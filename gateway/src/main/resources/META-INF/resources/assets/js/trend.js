// The board's nights over 30 days, drawn as inline SVG: requests as bars, the unmet part of them as hatched bars
// inside (so they read without colour), placements (holds) and arrivals as lines with round and square markers.
// The SVG is as wide as its box in CSS pixels, so its text stays 11 px on a 320 px phone; each night carries its
// numbers (data-* and a <title>), and the same numbers sit in a table below.
import { t } from './i18n.js';
import { num } from './format.js';
import { h } from './ui.js';
import { shortDay, longDay } from './daily.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const H = 230;
const M = { top: 12, right: 8, bottom: 28, left: 34 };
export const TREND_SERIES = [
  { key: 'requests', label: 'trend.requests' },
  { key: 'unmet', label: 'trend.unmet' },
  { key: 'holds', label: 'trend.holds' },
  { key: 'arrivals', label: 'trend.arrivals' },
];
const COLOURS = { requests: '#9fc3ee', requestsLine: '#0a58b8', unmet: '#b3261e', holds: '#15703a', arrivals: '#6a3fb5' };

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/** The top of the scale: four equal whole-number steps (1, 1.5, 2, 2.5, 3 or 5 times a power of ten). */
function niceMax(value) {
  const wanted = Math.max(1, value / 4);
  const pow = 10 ** Math.floor(Math.log10(wanted));
  for (const step of [1, 1.5, 2, 2.5, 3, 5, 10]) {
    if (step * pow >= wanted && Number.isInteger(step * pow)) return 4 * step * pow;
  }
  return 40 * pow;
}

function hatch(id, size) {
  const p = el('pattern', { id, width: size, height: size, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  p.append(el('rect', { width: size, height: size, fill: '#fbe3e0' }), el('line', { x1: 0, y1: 0, x2: 0, y2: size, stroke: COLOURS.unmet, 'stroke-width': size / 2 }));
  return p;
}

function marker(key, x, y, r) {
  return key === 'arrivals'
    ? el('rect', { class: `trend-mark trend-mark--${key}`, x: (x - r).toFixed(1), y: (y - r).toFixed(1), width: 2 * r, height: 2 * r, fill: '#fff', stroke: COLOURS[key], 'stroke-width': 2 })
    : el('circle', { class: `trend-mark trend-mark--${key}`, cx: x.toFixed(1), cy: y.toFixed(1), r, fill: COLOURS[key] });
}

/** A sentence per night for the point's tooltip and screen readers: "ven. 4 déc. : 3 demandes, …". */
function nightSentence(n) {
  if (!n.known) return t('trend.nightUnknown', { day: longDay(n.day) });
  return t('trend.night', { day: longDay(n.day), requests: num(n.requests ?? 0), unmet: num(n.unmet ?? 0), holds: num(n.holds ?? 0), arrivals: num(n.arrivals ?? 0) });
}

function drawSvg(nights, width) {
  const W = Math.max(200, Math.floor(width));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const known = nights.filter((n) => n.known);
  const max = niceMax(Math.max(0, ...known.flatMap((n) => TREND_SERIES.map((s) => n[s.key] || 0))));
  const slot = innerW / Math.max(1, nights.length);
  const y = (v) => M.top + innerH - (v / max) * innerH;
  const cx = (i) => M.left + slot * i + slot / 2;
  const total = (key) => known.reduce((s, n) => s + (n[key] || 0), 0);

  const svg = el('svg', { class: 'chart trend-chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'trend-title trend-desc' });
  svg.append(el('title', { id: 'trend-title' }, t('trend.title')));
  svg.append(el('desc', { id: 'trend-desc' }, t('trend.desc', {
    nights: nights.length, known: known.length, from: nights.length ? longDay(nights[0].day) : '', to: nights.length ? longDay(nights[nights.length - 1].day) : '',
    requests: num(total('requests')), unmet: num(total('unmet')), holds: num(total('holds')), arrivals: num(total('arrivals')),
  })));
  const defs = el('defs');
  defs.append(hatch('trend-hatch', 5));
  svg.append(defs);

  for (let i = 0; i <= 4; i += 1) {
    const v = (max / 4) * i;
    svg.append(el('line', { class: i === 0 ? 'axis' : 'grid-line', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }));
    svg.append(el('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v)));
  }
  // A date under every k-th night, as many as fit without touching (a label is about 36 px wide).
  const every = Math.max(1, Math.ceil(40 / slot));
  const barW = Math.max(3, Math.min(18, slot * 0.7));
  const unmetW = Math.max(2, barW * 0.55);

  const group = el('g', { class: 'trend-nights' });
  nights.forEach((n, i) => {
    const g = el('g', {
      class: 'trend-night', 'data-day': n.day, 'data-known': String(n.known),
      ...(n.known ? Object.fromEntries(TREND_SERIES.map((s) => [`data-${s.key}`, n[s.key] ?? 0])) : {}),
    });
    g.append(el('title', {}, nightSentence(n)));
    // The whole slot answers the pointer, so a night without bars still shows its tooltip.
    g.append(el('rect', { class: 'trend-hit', x: (M.left + slot * i).toFixed(1), y: M.top, width: slot.toFixed(1), height: innerH, fill: 'transparent' }));
    if (n.known) {
      if (n.requests > 0) {
        g.append(el('rect', { class: 'trend-bar trend-bar--requests', x: (cx(i) - barW / 2).toFixed(1), y: y(n.requests).toFixed(1), width: barW.toFixed(1), height: (y(0) - y(n.requests)).toFixed(1), fill: COLOURS.requests, stroke: COLOURS.requestsLine, 'stroke-width': 1 }));
      }
      if (n.unmet > 0) {
        g.append(el('rect', { class: 'trend-bar trend-bar--unmet', x: (cx(i) - unmetW / 2).toFixed(1), y: y(n.unmet).toFixed(1), width: unmetW.toFixed(1), height: (y(0) - y(n.unmet)).toFixed(1), fill: 'url(#trend-hatch)', stroke: COLOURS.unmet, 'stroke-width': 1 }));
      }
    } else {
      g.append(el('text', { class: 'trend-unknown', x: cx(i).toFixed(1), y: y(0) - 4, 'text-anchor': 'middle' }, '?'));
    }
    const last = i === nights.length - 1;
    if (last || (i % every === 0 && nights.length - 1 - i >= every)) {
      // The last date ends at the chart's edge rather than past it.
      g.append(el('text', last ? { x: W - M.right, y: H - 8, 'text-anchor': 'end' } : { x: cx(i).toFixed(1), y: H - 8, 'text-anchor': 'middle' }, shortDay(n.day)));
    }
    group.append(g);
  });
  svg.append(group);

  // Lines break at unknown nights: a gap says "not computed", a zero would say "nothing happened".
  for (const key of ['holds', 'arrivals']) {
    let d = '';
    let open = false;
    nights.forEach((n, i) => {
      if (!n.known) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${cx(i).toFixed(1)} ${y(n[key] || 0).toFixed(1)} `;
      open = true;
    });
    if (d) svg.append(el('path', { class: `trend-line trend-line--${key}`, d: d.trim(), fill: 'none', stroke: COLOURS[key], 'stroke-width': 2, 'stroke-dasharray': key === 'arrivals' ? '5 3' : 'none' }));
    const r = Math.max(2, Math.min(3.5, slot / 4));
    nights.forEach((n, i) => {
      if (n.known) group.children[i].append(marker(key, cx(i), y(n[key] || 0), r));
    });
  }
  return svg;
}

function legend() {
  const swatch = (key) => {
    const sw = el('svg', { viewBox: '0 0 22 14', width: 22, height: 14, 'aria-hidden': 'true' });
    if (key === 'requests') sw.append(el('rect', { x: 4, y: 1, width: 14, height: 12, fill: COLOURS.requests, stroke: COLOURS.requestsLine }));
    if (key === 'unmet') {
      const d = el('defs');
      d.append(hatch('trend-hatch-legend', 4));
      sw.append(d, el('rect', { x: 4, y: 1, width: 14, height: 12, fill: 'url(#trend-hatch-legend)', stroke: COLOURS.unmet }));
    }
    if (key === 'holds' || key === 'arrivals') {
      sw.append(el('path', { d: 'M1 7h20', stroke: COLOURS[key], 'stroke-width': 2, 'stroke-dasharray': key === 'arrivals' ? '5 3' : 'none' }), marker(key, 11, 7, 3.5));
    }
    return sw;
  };
  return h('ul', { class: 'chart-legend' }, TREND_SERIES.map((s) => h('li', { 'data-series': s.key }, swatch(s.key), t(s.label))));
}

function table(nights) {
  return h('table', { class: 'data', id: 'trend-table' },
    h('caption', { class: 'visually-hidden' }, t('trend.title')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('trend.nightCol')), TREND_SERIES.map((s) => h('th', { scope: 'col', class: 'num' }, t(s.label))))),
    h('tbody', {}, [...nights].reverse().map((n) => h('tr', { 'data-day': n.day },
      h('th', { scope: 'row', class: 'nowrap' }, longDay(n.day)),
      TREND_SERIES.map((s) => h('td', { class: 'num', 'data-series': s.key }, n.known ? num(n[s.key] ?? 0) : '–'))))));
}

/**
 * Draws the nights (from daily.js nightTotals) into host: chart, legend, and the numbers as a table. Redraws itself
 * when its box changes width (a phone turned, a window resized).
 */
export function renderTrendChart(host, nights) {
  const chartBox = h('div', { class: 'trend-chart-box' });
  const details = h('details', { class: 'table-alt' }, h('summary', {}, t('chart.asTable')), h('div', { class: 'table-wrap' }, table(nights)));
  host.replaceChildren(chartBox, legend(), details);
  let drawnWidth = -1;
  const draw = () => {
    const width = chartBox.clientWidth;
    if (!width || Math.abs(width - drawnWidth) < 1) return;
    drawnWidth = width;
    chartBox.replaceChildren(drawSvg(nights, width));
  };
  draw();
  host.trendObserver?.disconnect();
  if (typeof ResizeObserver === 'function') {
    host.trendObserver = new ResizeObserver(() => requestAnimationFrame(draw));
    host.trendObserver.observe(chartBox);
  }
}
