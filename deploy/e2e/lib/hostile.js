// Generated hostile request bodies. Every body is INVALID by construction (wrong type, out of range, pattern
// broken, too long, malformed JSON, unknown field...), so a platform that accepts one has a validation hole,
// and "nothing changed" must hold after all of them. A small seeded generator keeps runs reproducible.

export const HOSTILE_STRINGS = [
  "' OR '1'='1", "1; DROP TABLE facility; --", "' UNION SELECT password FROM pg_shadow --", "\\'; select pg_sleep(5); --",
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(document.cookie)', '${jndi:ldap://127.0.0.1:1389/a}',
  '{{7*7}}', '#{7*7}', '%{(#a=1)}', '../../../../etc/passwd', '..\\..\\windows\\win.ini', '%00', '%n%n%n%s%s',
  '\u202Eevil\u202Cfdp.exe', 'zero\u200Bwidth\u200C\u200D\u2060', 'nul\u0000byte', '\uFEFFbom', 'e\u0301\u0301\u0301\u0301',
  'ａｄｍｉｎ', 'mаraude-19-a' /* Cyrillic а */, '🏠🛏️👨‍👩‍👧', '\u0085\u2028\u2029', 'tab\tnew\nline\r', '\u00A0 ',
  '__proto__', 'constructor', '{"$gt": ""}', 'A'.repeat(1000), '\u{10FFFF}\u{1F4A9}'.repeat(50), '$(reboot)', '`id`', 'null', 'true',
];

/** Raw JSON fragments that JSON.stringify cannot make: lone surrogates, huge or odd numbers. */
export const RAW_VALUES = [
  '"\\ud800"', '"\\udfff\\ud800"', '1e999999', '-1e999999', '123456789012345678901234567890123456789', '1.7976931348623157e309',
  '-0', '0.0000000000000000000000001', '9223372036854775808', '-9223372036854775809', '2147483648', '1.5', '1e2', '0x10',
  'NaN', 'Infinity', '-Infinity', 'undefined', '01', '+1', '.5', "'single'", 'tru', 'nul',
];

/** Values of the wrong JSON type for a field of this kind. */
export const WRONG_TYPES = {
  number: ['"1"', 'true', '{}', '[]', '[1]', '{"value": 1}', '""', '"NaN"'],
  string: ['1', '-1', 'true', '{}', '[]', '["x"]', '{"a": "b"}', '1.5'],
  boolean: ['"true"', '1', '0', '{}', '[]', '"yes"', 'null'],
  object: ['[]', '"x"', '1', 'true', '[{}]', '"{}"'],
  array: ['{}', '"x"', '1', 'true', '{"0": "x"}', '"[]"'],
};

export function rng(seed = 42) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const j = (v) => JSON.stringify(v);
/** An object as JSON text with one field's raw JSON replaced (or added last). */
export function withRaw(base, field, raw) {
  const parts = Object.entries(base).filter(([k]) => k !== field).map(([k, v]) => `${j(k)}:${j(v)}`);
  parts.push(`${j(field)}:${raw}`);
  return `{${parts.join(',')}}`;
}

function deep(depth, open, close) {
  return open.repeat(depth) + close.repeat(depth);
}

/**
 * Hostile bodies for one endpoint.
 *   base: a valid body; fields: {name: spec} where spec = {type: 'number'|'string'|'boolean'|'object'|'array',
 *   invalid: [raw JSON values certainly invalid for it], required: bool, pattern: RegExp (strings not
 *   matching it are invalid), max: max length for free text (longer is invalid)}.
 *   nullIsValid: the endpoint accepts an empty/null body (then those are not generated).
 *   nullMeansAbsent: a field set to null is left as it is (a PATCH), so null is no hostile value.
 * Returns [{label, body (string | Uint8Array), contentType?}], at least `min` of them.
 */
export function hostileBodies({ base, fields, min = 320, seed = 7, nullIsValid = false, nullMeansAbsent = false }) {
  const out = [];
  const add = (label, body, contentType) => out.push({ label, body, contentType });
  const poison = (text, value = '1') => `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"hostile_unknown":${value}}`;

  for (const [field, spec] of Object.entries(fields)) {
    for (const raw of WRONG_TYPES[spec.type] || []) {
      if (!(nullMeansAbsent && raw === 'null')) add(`${field} wrong type ${raw}`, withRaw(base, field, raw));
    }
    for (const raw of spec.invalid || []) add(`${field} invalid ${raw.slice(0, 40)}`, withRaw(base, field, raw));
    for (const raw of RAW_VALUES) {
      // A number may be read as a valid value of any field (even as text): add an unknown field to be sure.
      // A string literal in free text is made too long; anything else here is not valid JSON at all.
      if (raw.startsWith('"') && spec.type === 'string' && spec.max != null) {
        add(`${field} raw ${raw}`, withRaw(base, field, `${raw.slice(0, -1)}${'x'.repeat(spec.max + 1)}"`));
      } else {
        const body = withRaw(base, field, raw);
        add(`${field} raw ${raw.slice(0, 30)}`, /^-?[\d.]/.test(raw) ? poison(body) : body);
      }
    }
    if (spec.required && !nullMeansAbsent) add(`${field} null`, withRaw(base, field, 'null'));
    if (spec.type === 'string') {
      for (const s of HOSTILE_STRINGS) {
        const certainlyInvalid = (spec.pattern && !spec.pattern.test(s)) || (spec.max != null && s.length > spec.max);
        const body = withRaw(base, field, j(certainlyInvalid ? s : s + 'x'.repeat((spec.max ?? 0) + 1)));
        add(`${field} hostile ${j(s).slice(0, 30)}`, spec.pattern && !certainlyInvalid ? poison(body) : body);
      }
      add(`${field} 10k string`, withRaw(base, field, j('Ж'.repeat(10000))));
      add(`${field} 100KB string`, withRaw(base, field, j('A'.repeat(100 * 1024))));
    }
  }
  // Hostile strings as unknown keys and values (strict JSON refuses unknown fields), prototype pollution.
  for (const s of HOSTILE_STRINGS) add(`unknown key ${j(s).slice(0, 30)}`, `${j(base).slice(0, -1)},${j(s)}:${j(s)}}`);
  add('__proto__ key', `${j(base).slice(0, -1)},"__proto__":{"admin":true,"role":"admin"}}`);
  add('constructor.prototype', `${j(base).slice(0, -1)},"constructor":{"prototype":{"admin":true}}}`);
  // Duplicate keys: both values invalid, so no reading of duplicates can make it valid.
  for (const [field, spec] of Object.entries(fields)) {
    const bad = (spec.invalid && spec.invalid[0]) || WRONG_TYPES[spec.type][0];
    add(`duplicate ${field}`, `${j(base).slice(0, -1)},${j(field)}:${bad},${j(field)}:${WRONG_TYPES[spec.type][1]}}`);
  }
  // Structure: not an object, malformed, deeply nested, huge.
  const structural = [
    ['empty', ''], ['spaces', '   '], ['null', 'null'], ['open brace', '{'], ['close brace', '}'], ['array', '[]'],
    ['array of the valid body', `[${j(base)}]`], ['string', '"body"'], ['number', '123'], ['true', 'true'],
    ['trailing garbage', `${j(base)} x`], ['two bodies', `${j(base)}${j(base)}`], ['trailing comma', `${j(base).slice(0, -1)},}`],
    ['single quotes', j(base).replace(/"/g, "'")], ['comment', `/* x */${j(base)}`], ['unquoted keys', j(base).replace(/"(\w+)":/g, '$1:')],
    ['bom + garbage', '\uFEFF{'], ['nul', '\u0000'], ['deep arrays', deep(5000, '[', ']')], ['deep objects', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['deep in a field', `${j(base).slice(0, -1)},"nested":${deep(3000, '[', ']')}}`], ['very deep arrays', deep(100000, '[', ']').slice(0, 100 * 1024)],
    ['100KB of keys', `{${Array.from({ length: 9000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
    ['100KB array', `[${'1,'.repeat(50 * 1024)}1]`], ['1MB string', j('B'.repeat(1024 * 1024))],
  ];
  for (const [label, body] of structural) {
    if (nullIsValid && (label === 'empty' || label === 'spaces' || label === 'null')) continue;
    add(label, body);
  }
  // Invalid bytes: broken UTF-8, overlong encodings, UTF-16.
  const bytes = (s, extra) => new Uint8Array([...Buffer.from(s.slice(0, -1)), ...extra, ...Buffer.from('}')]);
  add('invalid utf-8', bytes(`${j(base).slice(0, -1)},"x":"`, [0xff, 0xfe, 0x22]));
  add('overlong utf-8', bytes(`${j(base).slice(0, -1)},"x":"`, [0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0x22]));
  add('utf-16 body', new Uint8Array(Buffer.from(poison(j(base)), 'utf16le')));
  // Wrong content types with an invalid body.
  add('text/plain', poison(j(base)), 'text/plain');
  add('form', 'a=1&b=2', 'application/x-www-form-urlencoded');
  add('xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'application/xml');
  add('json charset utf-32', poison(j(base)), 'application/json; charset=utf-32');

  // Top up with random mixes of several certainly-invalid mutations.
  const random = rng(seed);
  const names = Object.keys(fields);
  while (out.length < min) {
    let text = j(base);
    const n = 1 + Math.floor(random() * 3);
    const labels = [];
    for (let i = 0; i < n; i += 1) {
      const field = names[Math.floor(random() * names.length)];
      const spec = fields[field];
      const pool = [...(WRONG_TYPES[spec.type] || []), ...(spec.invalid || [])];
      const raw = pool[Math.floor(random() * pool.length)];
      text = withRaw(JSON.parse(text), field, raw);
      labels.push(`${field}=${raw.slice(0, 20)}`);
      try { JSON.parse(text); } catch { break; }
    }
    const s = HOSTILE_STRINGS[Math.floor(random() * HOSTILE_STRINGS.length)];
    add(`mix ${labels.join(' ')}`, `${text.slice(0, -1)},${j(s.slice(0, 60) || 'k')}:${j(s)}}`);
  }
  return out;
}
