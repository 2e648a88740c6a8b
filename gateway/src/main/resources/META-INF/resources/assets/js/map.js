// The dashboard map: the three arrondissements from a bundled GeoJSON, projected to SVG (no tile server),
// with one marker per facility. A marker's number and shape say its state, its colour only repeats it:
// a circle with the places offered ("0" when full), and a red "!" triangle on it when the count is overdue.
import { t } from './i18n.js';
import { kindLabel, num } from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const PAD = 18;

function svgEl(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

/** Equirectangular projection scaled by cos(latitude): faithful enough at the scale of three districts. */
function projection(geojson) {
  let minLon = Infinity; let maxLon = -Infinity; let minLat = Infinity; let maxLat = -Infinity;
  for (const f of geojson.features) {
    for (const [lon, lat] of f.geometry.coordinates[0]) {
      minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    }
  }
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const scale = (WIDTH - 2 * PAD) / ((maxLon - minLon) * k);
  const height = Math.round((maxLat - minLat) * scale + 2 * PAD);
  return {
    height,
    project: ([lon, lat]) => [PAD + (lon - minLon) * k * scale, PAD + (maxLat - lat) * scale],
    inside: (lon, lat) => lon >= minLon - 0.01 && lon <= maxLon + 0.01 && lat >= minLat - 0.01 && lat <= maxLat + 0.01,
  };
}

export function createMap(host, geojson, { onSelect = () => {} } = {}) {
  const proj = projection(geojson);
  const svg = svgEl('svg', {
    class: 'map-svg', viewBox: `0 0 ${WIDTH} ${proj.height}`, role: 'group', id: 'facility-map',
  });
  const title = svgEl('title');
  svg.append(title);
  const areas = svgEl('g', { class: 'areas' });
  const labels = svgEl('g', { class: 'labels', 'aria-hidden': 'true' });
  for (const f of geojson.features) {
    const d = `M${f.geometry.coordinates[0].map((p) => proj.project(p).map((n) => n.toFixed(1)).join(',')).join('L')}Z`;
    areas.append(svgEl('path', { class: 'arr', d, 'data-arrondissement': f.properties.arrondissement }));
    const [x, y] = proj.project(f.properties.label);
    labels.append(svgEl('text', { class: 'arr-label', x: x.toFixed(1), y: y.toFixed(1), 'data-arr': f.properties.arrondissement }));
  }
  const markers = svgEl('g', { class: 'markers' });
  svg.append(areas, labels, markers);
  host.replaceChildren(svg);
  let activeId = null;

  function marker(facility) {
    const [x, y] = proj.project([facility.longitude, facility.latitude]);
    const r = 9 + Math.min(6, Math.sqrt(facility.total || 0));
    const g = svgEl('g', {
      class: 'marker', tabindex: '0', role: 'button', transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
      'data-facility': facility.id, 'data-state': facility.stale ? 'stale' : facility.offered > 0 ? 'open' : 'full',
    });
    const state = facility.stale ? t('map.stateStale') : '';
    const label = `${facility.name}, ${kindLabel(facility.kind)}: ${t('map.offered', { count: facility.offered })}${state ? `, ${state}` : ''}`;
    g.setAttribute('aria-label', label);
    g.append(svgEl('title', {}, label));
    g.append(svgEl('circle', { class: 'ring', r: r + 4 }));
    g.append(svgEl('circle', { class: 'shape', r, fill: facility.offered > 0 ? '#15703a' : '#5b6675' }));
    g.append(svgEl('text', {}, num(facility.offered)));
    if (facility.stale) {
      // Overdue: a red warning badge on the marker, the count stays readable.
      const bx = r * 0.75;
      const by = -r * 0.95;
      g.append(svgEl('path', { class: 'shape stale-badge', d: `M${bx},${by - 9}L${bx + 9},${by + 6}L${bx - 9},${by + 6}Z`, fill: '#b3261e' }));
      g.append(svgEl('text', { class: 'stale-mark', x: bx, y: by + 1.5 }, '!'));
    }
    if (!facility.active) g.setAttribute('opacity', '0.5');
    if (facility.id === activeId) g.classList.add('is-active');
    g.addEventListener('click', () => onSelect(facility.id));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(facility.id);
      }
    });
    return g;
  }

  return {
    update(facilities) {
      title.textContent = t('map.title');
      svg.setAttribute('aria-label', t('map.title'));
      for (const text of labels.querySelectorAll('text')) text.textContent = t('map.arrShort', { n: Number(text.dataset.arr.slice(3)) });
      const placed = facilities.filter((f) => f.latitude != null && f.longitude != null && proj.inside(f.longitude, f.latitude));
      // Stale markers drawn last so the red triangles are never hidden under a neighbour.
      placed.sort((a, b) => Number(a.stale) - Number(b.stale));
      markers.replaceChildren(...placed.map(marker));
      return facilities.length - placed.length;
    },
    highlight(id) {
      activeId = id;
      for (const m of markers.querySelectorAll('.marker')) m.classList.toggle('is-active', m.dataset.facility === id);
    },
  };
}

/** Small legend swatches drawn with the same shapes as the markers. */
export function legendSwatch(kind) {
  const svg = svgEl('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true' });
  if (kind === 'stale') {
    svg.append(svgEl('path', { d: 'M8 1 15 14H1Z', fill: '#b3261e' }));
    svg.append(svgEl('text', { x: 8, y: 12.5, 'text-anchor': 'middle', fill: '#fff', 'font-size': 9, 'font-weight': 700 }, '!'));
  }
  else svg.append(svgEl('circle', { cx: 8, cy: 8, r: 7, fill: kind === 'open' ? '#15703a' : '#5b6675' }));
  return svg;
}
