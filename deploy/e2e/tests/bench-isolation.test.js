// The bench loads the platform it measures, so it must stay in its own areas: its facilities, updates and referrals
// live in bench arrondissements (00001.., 00900), never on the board (75018-75020) that coordinators watch. This runs a
// small bench (every phase that writes: capacity updates, subscribers, referrals and their cancellation) through the
// launcher against the test platform, and checks that the board's capacity and the coordinators' indicators read the
// same before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiOk } from '../lib/harness.js';
import { LAUNCHER } from '../lib/tokens.js';

const BOARD = ['75018', '75019', '75020'];

/** What a coordinator sees of the board, without what moves with the clock alone (window bounds, staleness). */
async function board() {
  const capacity = await apiOk(`/api/capacity?${BOARD.map((a) => `arrondissement=${a}`).join('&')}`);
  const indicators = await apiOk('/api/indicators');
  return {
    arrondissements: capacity.arrondissements.map(({ arrondissement, free, held, offered, total }) => ({ arrondissement, free, held, offered, total })),
    facilities: capacity.facilities.map(({ id, free, held, offered, total, version }) => ({ id, free, held, offered, total, version }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    totals: indicators.totals,
    byArrondissement: indicators.byArrondissement,
    byKind: indicators.byKind,
    current: indicators.current,
  };
}

test('a bench run leaves the board and its indicators as they were', { timeout: 300000 }, async () => {
  const before = await board();
  assert.ok(before.facilities.length > 0, 'the board has facilities to compare');
  const out = await mkdtemp(join(tmpdir(), 'relais-bench-isolation-'));
  try {
    // Small figures: the point is that every writing phase runs, not how fast.
    const { stdout } = await promisify(execFile)(LAUNCHER, ['bench', '--quick', '--only', 'capacity,referrals',
      '--out', out, '--facilities', '20', '--arrondissements', '2', '--low-seconds', '2', '--load-rate', '10',
      '--load-seconds', '2', '--subscribers', '2', '--ingest-rates', '20', '--ingest-seconds', '2',
      '--referral-rate', '5', '--referral-seconds', '2', '--places', '3', '--referral-facilities', '1'],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 240000 });
    // The bench did write: its referral phase sent requests and saw them answered.
    assert.match(stdout, /## Referrals \(POST/, stdout);
    assert.doesNotMatch(stdout, /FAILED/, stdout);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  assert.deepEqual(await board(), before);
});
