// The daily record through the gateway: a night recomputed twice gives the same rows, and the CSV, read by
// an RFC 4180 reader, says what the JSON says. (The figures themselves are proved against the service, with facilities
// and referrals of its own, in referral-service's DailyHistoryIT.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiOk, tokens } from '../lib/harness.js';

/** RFC 4180: fields separated by commas, records by CRLF, a quoted field may hold commas, quotes ("") and line ends. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field); records.push(record); record = []; field = ''; i += 1;
    } else field += c;
  }
  assert.equal(field + record.join(''), '', 'the last record ends with CRLF');
  return records;
}

const camel = (column) => column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

test('a night recomputed twice gives the same rows, and its CSV matches its JSON', async () => {
  // The night before the one under way: over, so no figure of it moves with the clock (overdue hours do, tonight).
  const tonight = (await apiOk('/api/indicators/daily')).to;
  const night = new Date(Date.parse(`${tonight}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
  const first = await apiOk(`/api/indicators/daily/recompute?day=${night}`, { method: 'POST', token: tokens.admin() });
  assert.equal(first.rows.length, 12, '3 arrondissements x 4 kinds');
  const second = await apiOk(`/api/indicators/daily/recompute?day=${night}`, { method: 'POST' });
  // The same input: the same rows, computedAt included (a row is rewritten only when a figure changed).
  assert.deepEqual(second.rows, first.rows);

  const json = await apiOk(`/api/indicators/daily?from=${night}&to=${night}`);
  const csv = await api(`/api/indicators/daily?from=${night}&to=${night}`, { headers: { Accept: 'text/csv' } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.equal(csv.headers.get('content-disposition'), `attachment; filename="relais-daily-${night}-${night}.csv"`);
  const [header, ...records] = parseCsv(csv.body);
  assert.ok(header.includes('declined_no_place') && header.includes('free_at_22') && header.includes('computed_at'));
  assert.equal(records.length, json.rows.length);
  records.forEach((record, i) => {
    const row = json.rows[i];
    header.forEach((column, j) => {
      const value = column.startsWith('declined_')
        ? row.declined[column.slice('declined_'.length).toUpperCase()]
        : row[camel(column)];
      if (value === null) assert.equal(record[j], '', `${column} of row ${i}`);
      else if (typeof value === 'number') assert.equal(Number(record[j]), value, `${column} of row ${i}`);
      else if (column === 'computed_at') assert.equal(Date.parse(record[j]), Date.parse(value), column);
      else assert.equal(record[j], String(value), `${column} of row ${i}`);
    });
  });

  const bad = await api('/api/indicators/daily?from=2026-12-05&to=2026-12-01', { headers: { Accept: 'text/csv' } });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
});
