// The little world the security tests act on, made through the gateway with real tokens: two facilities in a
// fresh area (F, whose operator is "own", and G, "foreign"), two known patrols (P1 "own", P2 "foreign"), and
// two referrals of P1 held at F (R for arrival/decline checks, R2 for the cancel check).
import { call, as, bearer, createFacility, freshArea, newRequest, tokens, waitUntil } from './api.js';
import { randomUUID } from 'node:crypto';

export const coordinator = () => as(tokens.coordinator());

export function referralBody(patrolId, arrondissement, extra = {}) {
  return {
    patrolId, personCode: `S-${randomUUID().slice(0, 8)}`, arrondissement,
    needs: { gender: 'MAN', couple: false, pet: false, wheelchair: false, activeUse: false },
    kinds: ['EMERGENCY_SHELTER'], ...extra,
  };
}

export async function heldReferral(patrolId, area, facilityId, extra = {}) {
  const posted = await as(tokens.patrol(patrolId))('POST', '/api/referrals', referralBody(patrolId, area, extra), newRequest());
  if (posted.status !== 202) throw new Error(`referral for ${patrolId}: ${posted.status} ${posted.text}`);
  return waitUntil(async () => {
    const r = (await coordinator()('GET', `/api/referrals/${posted.json.id}`)).json;
    return r?.status === 'HELD' && r.facilityId === facilityId ? r : undefined;
  }, { timeoutMs: 30000, intervalMs: 200, what: `referral ${posted.json.id} held at ${facilityId}` });
}

export async function makeWorld({ referrals = true } = {}) {
  const area = freshArea();
  const F = await createFacility({ arrondissement: area, total: 10, free: 5 });
  const G = await createFacility({ arrondissement: freshArea(), total: 10, free: 5 });
  const patrols = (await coordinator()('GET', '/api/patrols')).json;
  if (!Array.isArray(patrols) || patrols.length < 2) throw new Error('the security tests need two known patrols in /api/patrols');
  const [P1, P2] = [patrols[0].id, patrols[1].id];
  await waitUntil(async () => (await coordinator()('GET', `/api/capacity?arrondissement=${area}`)).json?.facilities?.some((f) => f.id === F && f.free === 5),
    { timeoutMs: 20000, what: 'facility F in the live view' });
  const world = { area, F, G, P1, P2 };
  if (referrals) {
    world.R = (await heldReferral(P1, area, F)).id;
    world.R2 = (await heldReferral(P1, area, F)).id;
  }
  return world;
}

/** Availability of a facility as the coordinator reads it: {free, total, version, updatedAt}. */
export async function availabilityOf(id) {
  const r = await coordinator()('GET', `/api/facilities/${id}/availability`);
  const a = r.json?.availability ?? r.json ?? {};
  return { status: r.status, free: a.free, total: a.total, version: a.version, updatedAt: a.updatedAt };
}

/** The facility's description (what an admin may change), without derived, time-dependent fields. */
export async function facilityOf(id) {
  const r = await coordinator()('GET', `/api/facilities/${id}`);
  if (r.status !== 200) return { status: r.status };
  const { name, kind, arrondissement, address, latitude, longitude, openingHours, eligibility, totalPlaces, reportingInterval, active } = r.json;
  return { status: r.status, name, kind, arrondissement, address, latitude, longitude, openingHours, eligibility, totalPlaces, reportingInterval, active };
}

export async function referralsOf(patrolId) {
  const list = (await coordinator()('GET', `/api/patrols/${patrolId}/referrals`)).json || [];
  return list.map((r) => `${r.id}:${r.status}`).sort();
}

export async function statusOf(referralId) {
  return (await coordinator()('GET', `/api/referrals/${referralId}`)).json?.status;
}

export { call, bearer, newRequest, tokens };
