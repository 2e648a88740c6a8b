// Line icons drawn on a 24x24 grid, built as DOM nodes (no icon font, nothing fetched). Icons are
// decorative (aria-hidden) unless a label is given: the text next to them carries the meaning.

const SVG_NS = 'http://www.w3.org/2000/svg';

const SHAPES = {
  alert: [['path', { d: 'M12 3 2.5 20h19L12 3z' }], ['path', { d: 'M12 10v4.5' }], ['path', { d: 'M12 17.5h.01' }]],
  check: [['path', { d: 'M4.5 12.5 9.5 17.5 19.5 6.5' }]],
  x: [['path', { d: 'M6 6l12 12M18 6 6 18' }]],
  plus: [['path', { d: 'M12 5v14M5 12h14' }]],
  minus: [['path', { d: 'M5 12h14' }]],
  clock: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 7v5l3.5 2' }]],
  hourglass: [['path', { d: 'M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9' }]],
  moon: [['path', { d: 'M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z' }]],
  sun: [['circle', { cx: 12, cy: 12, r: 4 }], ['path', { d: 'M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4' }]],
  door: [['path', { d: 'M5 21V4a1 1 0 0 1 1-1h12a1 1 0 0 1 1 1v17M3 21h18' }], ['path', { d: 'M15 12h.01' }]],
  pin: [['path', { d: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z' }], ['circle', { cx: 12, cy: 9.5, r: 2.5 }]],
  locate: [['circle', { cx: 12, cy: 12, r: 7 }], ['circle', { cx: 12, cy: 12, r: 2.5 }], ['path', { d: 'M12 2v3M12 19v3M2 12h3M19 12h3' }]],
  map: [['path', { d: 'M9 4 3 6.5v13.5l6-2.5 6 2.5 6-2.5V4l-6 2.5L9 4z' }], ['path', { d: 'M9 4v13.5M15 6.5V20' }]],
  external: [['path', { d: 'M14 4h6v6M20 4l-9 9' }], ['path', { d: 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5' }]],
  refresh: [['path', { d: 'M20 11a8 8 0 0 0-14.6-4.5L4 8M4 4v4h4M4 13a8 8 0 0 0 14.6 4.5L20 16M20 20v-4h-4' }]],
  offline: [['path', { d: 'M3 3l18 18' }], ['path', { d: 'M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 5.2-2.8M14.2 10.3A10 10 0 0 1 19 13M2 9.5a15 15 0 0 1 4.3-2.8M11 5.1A15 15 0 0 1 22 9.5' }], ['path', { d: 'M12 20h.01' }]],
  upload: [['path', { d: 'M7 18a4.5 4.5 0 0 1-.8-8.9 6 6 0 0 1 11.6 1.4A3.8 3.8 0 0 1 17.5 18' }], ['path', { d: 'M12 12v8M9 15l3-3 3 3' }]],
  send: [['path', { d: 'M21 3 10 14' }], ['path', { d: 'M21 3l-7 18-4-7-7-4 18-7z' }]],
  list: [['path', { d: 'M9 6h11M9 12h11M9 18h11' }], ['path', { d: 'M4.5 6h.01M4.5 12h.01M4.5 18h.01' }]],
  bed: [['path', { d: 'M3 19V6M3 14h18v5M21 14v-2a3 3 0 0 0-3-3h-7v5' }], ['circle', { cx: 7, cy: 10.5, r: 1.8 }]],
  home: [['path', { d: 'M4 11 12 4l8 7v9h-5v-6H9v6H4v-9z' }]],
  sofa: [['path', { d: 'M5 11V8a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v3' }], ['path', { d: 'M3 17v-5a2 2 0 0 1 4 0v2h10v-2a2 2 0 0 1 4 0v5H3zM5 17v2M19 17v2' }]],
  cross: [['rect', { x: 4, y: 4, width: 16, height: 16, rx: 3 }], ['path', { d: 'M12 8v8M8 12h8' }]],
  woman: [['circle', { cx: 12, cy: 8, r: 5 }], ['path', { d: 'M12 13v8M9 18h6' }]],
  man: [['circle', { cx: 10, cy: 14, r: 5 }], ['path', { d: 'M13.5 10.5 20 4M15 4h5v5' }]],
  nonbinary: [['circle', { cx: 12, cy: 14, r: 5 }], ['path', { d: 'M12 9V2M9 3.5l6 3.5M15 3.5l-6 3.5' }]],
  couple: [['circle', { cx: 8, cy: 7, r: 3 }], ['circle', { cx: 16.5, cy: 7, r: 3 }], ['path', { d: 'M3 20v-2a5 5 0 0 1 9-3M12 15a5 5 0 0 1 9.5 3v2' }]],
  paw: [['circle', { cx: 6, cy: 11, r: 1.8 }], ['circle', { cx: 9.5, cy: 6.5, r: 1.8 }], ['circle', { cx: 14.5, cy: 6.5, r: 1.8 }], ['circle', { cx: 18, cy: 11, r: 1.8 }], ['path', { d: 'M12 12c-3 0-5.5 4-5.5 6.2 0 1.6 1.4 2.3 2.8 2 1-.2 1.8-.7 2.7-.7s1.7.5 2.7.7c1.4.3 2.8-.4 2.8-2C17.5 16 15 12 12 12z' }]],
  wheelchair: [['circle', { cx: 10, cy: 4, r: 1.8 }], ['path', { d: 'M10 7v6h6l2.5 6M10 10h5' }], ['path', { d: 'M7.5 11.3A5.5 5.5 0 1 0 15 18.5' }]],
  hand: [['path', { d: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4a1.5 1.5 0 0 1 3 0v6M14 10V5.5a1.5 1.5 0 0 1 3 0V14c0 4-2.5 7-6 7-2.5 0-4-1.2-5.5-3.5L3.8 15a1.5 1.5 0 0 1 2.4-1.8L8 15' }]],
  user: [['circle', { cx: 12, cy: 8, r: 4 }], ['path', { d: 'M4 21a8 8 0 0 1 16 0' }]],
  userCheck: [['circle', { cx: 9, cy: 8, r: 4 }], ['path', { d: 'M2 21a7 7 0 0 1 12.5-4.3M15 17.5l2.5 2.5 4.5-5' }]],
  ban: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M5.7 5.7l12.6 12.6' }]],
  globe: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z' }]],
  sortAsc: [['path', { d: 'M12 19V5M6 11l6-6 6 6' }]],
  sortDesc: [['path', { d: 'M12 5v14M6 13l6 6 6-6' }]],
  sortNone: [['path', { d: 'M8 9l4-4 4 4M8 15l4 4 4-4' }]],
  save: [['path', { d: 'M5 3h11l3 3v13a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z' }], ['path', { d: 'M7 3v5h8V3M7 21v-7h10v7' }]],
  info: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 11v6M12 7.5h.01' }]],
  trash: [['path', { d: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13' }]],
  chart: [['path', { d: 'M4 20V4M4 20h16' }], ['path', { d: 'M8 16v-4M12 16V8M16 16v-6' }]],
  download: [['path', { d: 'M12 4v11M7 10.5l5 5 5-5' }], ['path', { d: 'M4 20h16' }]],
  printer: [['path', { d: 'M7 9V3h10v6' }], ['rect', { x: 3, y: 9, width: 18, height: 8, rx: 2 }], ['path', { d: 'M7 14h10v7H7z' }]],
  clipboard: [['rect', { x: 5, y: 4, width: 14, height: 17, rx: 2 }], ['path', { d: 'M9 4V3h6v1M9 10h6M9 14h6M9 18h4' }]],
  building: [['path', { d: 'M4 21V5l8-2v18M12 8h8v13M2 21h20' }], ['path', { d: 'M7 8h2M7 12h2M7 16h2M15 12h2M15 16h2' }]],
};

/** A decorative icon (hidden from assistive technology) or, with a label, a meaningful one. */
export function icon(name, label) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `icon icon--${name}`);
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
  }
  for (const [tag, attrs] of SHAPES[name] || SHAPES.info) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.appendChild(el);
  }
  return svg;
}

export const KIND_ICONS = {
  EMERGENCY_SHELTER: 'bed',
  LONG_STAY_HOUSING: 'home',
  REST_ROOM: 'sofa',
  CONSUMPTION_ROOM: 'cross',
};

export const GENDER_ICONS = { WOMAN: 'woman', MAN: 'man', NON_BINARY: 'nonbinary' };
