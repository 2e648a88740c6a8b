// Last 24 hours of referral activity as grouped bars per hour (requests, placements, unmet for lack of
// place). Unmet bars are hatched so they read without colour; the same numbers sit in a table below.
import { t } from './i18n.js';
import { clock, num } from './format.js';
import { h } from './ui.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 220;
const M = { top: 12, right: 8, bottom: 26, left: 34 };
export const SERIES = [
  { key: 'requests', cls: 'bar-requests', label: 'chart.requests' },
  { key: 'held', cls: 'bar-held', label: 'chart.held' },
  { key: 'unmet', cls: 'bar-unmet', label: 'chart.unmet' },
];

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

function niceMax(value) {
  if (value <= 4) return 4;
  const pow = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * pow >= value) return step * pow;
  return 10 * pow;
}

export function renderHourlyChart(host, hourly) {
  const buckets = hourly || [];
  const max = niceMax(Math.max(0, ...buckets.flatMap((b) => SERIES.map((s) => b[s.key] || 0))));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const groupW = innerW / Math.max(1, buckets.length);
  const barW = Math.max(2, (groupW - 3) / SERIES.length);
  const y = (v) => M.top + innerH - (v / max) * innerH;

  const svg = el('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc' });
  const total = (key) => buckets.reduce((n, b) => n + (b[key] || 0), 0);
  svg.append(el('title', { id: 'chart-title' }, t('chart.title')));
  svg.append(el('desc', { id: 'chart-desc' }, t('chart.desc', { requests: total('requests'), held: total('held'), unmet: total('unmet') })));
  const defs = el('defs');
  const pattern = el('pattern', { id: 'hatch-unmet', width: 5, height: 5, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.append(el('rect', { width: 5, height: 5, fill: '#fbe3e0' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: '#b3261e', 'stroke-width': 2.5 }));
  defs.append(pattern);
  svg.append(defs);

  for (let i = 0; i <= 4; i += 1) {
    const v = (max / 4) * i;
    svg.append(el('line', { class: i === 0 ? 'axis' : 'grid-line', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }));
    svg.append(el('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v)));
  }
  buckets.forEach((b, i) => {
    const x0 = M.left + i * groupW + 1.5;
    SERIES.forEach((s, j) => {
      const v = b[s.key] || 0;
      if (v > 0) {
        svg.append(el('rect', { class: s.cls, x: (x0 + j * barW).toFixed(1), y: y(v).toFixed(1), width: (barW - 0.5).toFixed(1), height: (y(0) - y(v)).toFixed(1) }));
      }
    });
    if (i % 3 === 0 || i === buckets.length - 1) {
      svg.append(el('text', { x: (x0 + groupW / 2).toFixed(1), y: H - 8, 'text-anchor': 'middle' }, clock(b.hour)));
    }
  });

  const legend = h('ul', { class: 'chart-legend' }, SERIES.map((s) => {
    const sw = el('svg', { viewBox: '0 0 14 14', 'aria-hidden': 'true' });
    if (s.key === 'unmet') {
      const d = el('defs');
      const p = el('pattern', { id: 'hatch-legend', width: 4, height: 4, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
      p.append(el('rect', { width: 4, height: 4, fill: '#fbe3e0' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 4, stroke: '#b3261e', 'stroke-width': 2 }));
      d.append(p);
      sw.append(d, el('rect', { width: 14, height: 14, fill: 'url(#hatch-legend)', stroke: '#b3261e' }));
    } else {
      sw.append(el('rect', { width: 14, height: 14, class: s.cls, fill: s.key === 'requests' ? '#0a58b8' : '#15703a' }));
    }
    return h('li', {}, sw, t(s.label));
  }));

  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, t('chart.title')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.hour')), SERIES.map((s) => h('th', { scope: 'col', class: 'num' }, t(s.label))))),
    h('tbody', {}, buckets.map((b) => h('tr', {}, h('th', { scope: 'row' }, clock(b.hour)), SERIES.map((s) => h('td', { class: 'num' }, num(b[s.key] || 0)))))));
  const details = h('details', { class: 'table-alt' }, h('summary', {}, t('chart.asTable')), h('div', { class: 'table-wrap' }, table));

  host.replaceChildren(svg, legend, details);
}
