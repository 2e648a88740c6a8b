// Who is signed in. The views carry a bearer token on every API call; on the local platform it comes from the
// sign-in page /login/ (POST /dev/login), in production from the city's identity provider in front of the gateway.
//
// The token lives in sessionStorage, for every view including the patrol's installable app: it is the one
// credential that lets someone act for a patrol or a shelter, and a phone is easily lost or shared at night,
// so it must not outlive the tab/app window it was issued to (localStorage would keep it on the device
// until it expires, readable by anyone who opens the app). The patrol's offline queue does not need it to
// survive: waiting requests live in localStorage WITHOUT any credential, each with its Idempotency-Key, and
// are sent with whatever token is current when the network returns (after a new sign-in if needed).
// A reload keeps sessionStorage, so the offline shell reloaded from the service worker stays signed in.

const TOKEN_KEY = 'relais.token';
export const ROLES = ['patrol', 'operator', 'coordinator', 'admin'];

function readToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: nobody is signed in
  }
}

/** The token's claims, read without verifying (the services verify; the page only shows who it is). */
function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** {token, role, subject, patrolId, facilityIds, expiresAt} or null when nobody is signed in or the token expired. */
export function session() {
  const token = readToken();
  if (!token) return null;
  const claims = claimsOf(token);
  const expiresAt = claims && typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
  if (!claims || (expiresAt && expiresAt.getTime() <= Date.now())) {
    forget();
    return null;
  }
  const groups = Array.isArray(claims.groups) ? claims.groups : [];
  return {
    token,
    role: ROLES.find((r) => groups.includes(r)) || null,
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    patrolId: typeof claims.patrol_id === 'string' ? claims.patrol_id : null,
    facilityIds: Array.isArray(claims.facility_ids) ? claims.facility_ids.filter((f) => typeof f === 'string') : [],
    expiresAt,
  };
}

export function saveToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forget() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* nothing stored */
  }
}

/** The Authorization header for API calls and streams ({} when nobody is signed in: the platform answers 401). */
export function authHeaders() {
  const s = session();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
}

/** Only a path of this site may be a return address (no open redirect to another origin). */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}

export function loginUrl(next = `${location.pathname}${location.search}${location.hash}`) {
  const back = safeNext(next);
  return back ? `/login/?next=${encodeURIComponent(back)}` : '/login/';
}

let leaving = false;
/** The platform refused the token (401): forget it and go to the sign-in page, coming back here afterwards. */
export function toLogin() {
  forget();
  if (leaving) return;
  leaving = true;
  location.assign(loginUrl());
}

/**
 * Called first by every view: without a session, go and sign in. Offline (the patrol's app opened from the
 * service worker with no network) the view stays usable from its cache and its queue; the sign-in happens
 * when the network returns.
 */
export function requireSession() {
  const s = session();
  if (s) return s;
  if (navigator.onLine === false) {
    window.addEventListener('online', () => { if (!session()) toLogin(); }, { once: true });
    return null;
  }
  toLogin();
  return null;
}

const beforeSignOut = [];

/**
 * A view that keeps something of the signed-in person's work on the device (the patrol's person codes and waiting
 * requests) registers here what must go at sign-out. A hook may ask the person first and resolve to false to stay
 * signed in; views that register nothing sign out at once, as before.
 */
export function onSignOut(hook) {
  beforeSignOut.push(hook);
}

export async function signOut() {
  for (const hook of beforeSignOut) {
    if ((await hook()) === false) return;
  }
  forget();
  location.assign('/login/');
}

/** Where a role starts after signing in. */
export function homeOf(role) {
  return { patrol: '/patrol/', operator: '/operator/' }[role] || '/';
}
