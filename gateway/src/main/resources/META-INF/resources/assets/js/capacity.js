// The live capacity picture shared by the three views: a snapshot from /api/capacity(/stream), then one
// FacilityLive per change. Offered places and staleness are the gateway's (Availability.offered and Availability.stale
// in events/): the device applies no rule of its own. It only compares the clock with the moment the gateway gave
// (staleFrom), so a count that turns overdue while the stream is quiet or cut still turns red on time.
import { liveStream } from './sse.js';

export const KINDS = ['EMERGENCY_SHELTER', 'LONG_STAY_HOUSING', 'REST_ROOM', 'CONSUMPTION_ROOM'];
// Why a facility declines a hold: codes only (org.relais.events.DeclineReason), shown with 'reason.' labels.
export const DECLINE_REASONS = ['NO_PLACE', 'NOT_ELIGIBLE', 'SAFETY', 'OTHER'];
export const DEFAULT_ARRONDISSEMENTS = ['75018', '75019', '75020'];

/** Stale now: the gateway said so, or the moment it gave for it has passed. */
export function isStale(facility, now = Date.now()) {
  return Boolean(facility.stale) || (facility.staleFrom != null && now > Date.parse(facility.staleFrom));
}

function normalize(f, now) {
  const free = f.free ?? 0;
  const held = f.held ?? 0;
  return {
    ...f,
    free,
    held,
    total: f.total ?? 0,
    offered: f.offered ?? null, // null: a report of this device's own, until the gateway's answer comes
    active: f.active !== false,
    stale: isStale(f, now),
  };
}

/** Sums over facilities as the gateway defines them (occupancy = (total - free) / total). */
export function totals(facilities) {
  const sum = { free: 0, held: 0, offered: 0, total: 0, nightPlaces: 0, facilities: 0, stale: 0, openTonight: 0 };
  for (const f of facilities) {
    if (!f.active) continue;
    sum.facilities += 1;
    sum.free += f.free;
    sum.held += f.held;
    sum.offered += f.offered ?? 0;
    sum.total += f.total;
    if (f.stale) sum.stale += 1;
    if (f.openTonight) {
      sum.openTonight += 1;
      sum.nightPlaces += f.offered ?? 0;
    }
  }
  sum.occupancy = sum.total > 0 ? (sum.total - sum.free) / sum.total : 0;
  return sum;
}

export class CapacityStore {
  constructor() {
    this.facilities = new Map();
    this.arrondissements = [...DEFAULT_ARRONDISSEMENTS];
    this.generatedAt = null;
    this.listeners = new Set();
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  emit(changedIds) {
    for (const fn of this.listeners) fn(changedIds);
  }

  applySnapshot(body) {
    const now = Date.now();
    this.generatedAt = body.generatedAt || new Date().toISOString();
    if (Array.isArray(body.arrondissements) && body.arrondissements.length) {
      this.arrondissements = body.arrondissements.map((a) => a.arrondissement);
    }
    this.facilities = new Map((body.facilities || []).map((f) => [f.id, normalize(f, now)]));
    this.emit(null);
  }

  applyFacility(f) {
    // One stream delivers changes in order and a reconnect starts with a fresh snapshot: apply as given.
    this.facilities.set(f.id, normalize(f, Date.now()));
    this.generatedAt = new Date().toISOString();
    this.emit([f.id]);
  }

  /** Re-evaluates time-dependent staleness; emits only when something turned overdue. */
  tick() {
    const now = Date.now();
    const changed = [];
    for (const f of this.facilities.values()) {
      if (!f.stale && isStale(f, now)) {
        f.stale = true;
        changed.push(f.id);
      }
    }
    if (changed.length) this.emit(changed);
  }

  list() {
    return [...this.facilities.values()];
  }

  get(id) {
    return this.facilities.get(id);
  }
}

/** Opens the capacity stream for a store (optionally for one arrondissement); returns the stream handle. */
export function connectCapacity(store, { arrondissement, onState = () => {} } = {}) {
  const url = (arr) => `/api/capacity/stream${arr ? `?arrondissement=${encodeURIComponent(arr)}` : ''}`;
  const stream = liveStream(url(arrondissement), {
    events: {
      snapshot: (body) => store.applySnapshot(body),
      facility: (f) => store.applyFacility(f),
    },
    onState,
  });
  setInterval(() => store.tick(), 30000);
  return stream;
}
