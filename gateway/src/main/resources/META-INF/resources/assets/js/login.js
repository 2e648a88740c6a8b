// Local sign-in (local platform only): pick a role, a patrol or facilities, get a token from POST /dev/login,
// keep it in sessionStorage (see auth.js for why) and go back where the person came from. The gateway answers
// 404 on /dev/login when local sign-in is disabled (production profile, or a gateway opened to the network with
// deploy/relais up --listen) and 403 to a caller not on its own machine: the page then offers to paste a token
// handed out with deploy/relais token instead, so the views stay usable.
import { t, onLangChange } from './i18n.js';
import { api, ApiError } from './api.js';
import { h, clear, mountHeader, problemNotice, notice, icon } from './ui.js';
import { saveToken, forget, session, safeNext, homeOf } from './auth.js';
import { ID } from './ids.js';

const LAST_KEY = 'relais.login.last'; // role and ids last used on this device: no credential
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));

// Arriving here means the page behind had no valid token (or the person wants to change role): start clean.
const previous = session();
forget();
mountHeader('login', { live: false, account: false });

function readLast() {
  try {
    return JSON.parse(localStorage.getItem(LAST_KEY) || '{}') || {};
  } catch {
    return {};
  }
}

function role() {
  return document.querySelector('input[name="role"]:checked')?.value || 'coordinator';
}

function renderFields() {
  $('patrol-field').hidden = role() !== 'patrol';
  $('facilities-field').hidden = role() !== 'operator';
}

function setFieldError(id, message) {
  $(id).setAttribute('aria-invalid', message ? 'true' : 'false');
  clear($(`${id}-error`), message ? [icon('alert'), h('span', {}, message)] : null);
}

function facilityIds() {
  return $('login-facilities').value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

function validate() {
  setFieldError('login-patrol', null);
  setFieldError('login-facilities', null);
  if (role() === 'patrol') {
    const id = $('login-patrol').value.trim();
    if (!ID.test(id)) {
      setFieldError('login-patrol', id ? t('login.idInvalid') : t('login.patrolMissing'));
      return $('login-patrol');
    }
  }
  if (role() === 'operator') {
    const ids = facilityIds();
    if (!ids.length || !ids.every((f) => ID.test(f))) {
      setFieldError('login-facilities', ids.length ? t('login.idInvalid') : t('login.facilitiesMissing'));
      return $('login-facilities');
    }
  }
  return null;
}

async function submit(event) {
  event.preventDefault();
  const invalid = validate();
  if (invalid) {
    invalid.focus();
    return;
  }
  const body = { role: role() };
  if (body.role === 'patrol') body.patrolId = $('login-patrol').value.trim();
  if (body.role === 'operator') body.facilityIds = facilityIds();
  const button = $('login-submit');
  button.disabled = true;
  clear($('login-status'));
  try {
    const answer = await api('/dev/login', { method: 'POST', body, signIn: false });
    if (!answer || typeof answer.token !== 'string') throw new ApiError(502, { detail: 'no token in the answer' });
    saveToken(answer.token);
    try {
      localStorage.setItem(LAST_KEY, JSON.stringify({ role: body.role, patrolId: body.patrolId, facilityIds: body.facilityIds }));
    } catch {
      /* not remembered, still signed in */
    }
    location.replace(next || homeOf(body.role));
  } catch (error) {
    if (signInOff(error)) offerToken(error.status);
    else clear($('login-status'), problemNotice(error, t('login.failed')));
    button.disabled = false;
  }
}

/** 404: the local sign-in is off on this gateway; 403: it is on, for the gateway's own machine only. */
function signInOff(error) {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

/** No role to pick here: say why, and offer to paste a token instead. */
function offerToken(status) {
  $('login-form').hidden = true;
  $('login-intro').hidden = true;
  clear($('login-status'), notice('info', t(status === 403 ? 'login.notLocal' : 'login.disabled'), 'ban'));
  $('token-card').hidden = false;
}

async function useToken(event) {
  event.preventDefault();
  const field = $('login-token');
  const token = field.value.trim().replace(/^Bearer\s+/i, '');
  setFieldError('login-token', null);
  clear($('token-status'));
  let problem = null;
  if (!token) problem = 'login.tokenMissing';
  else if (!TOKEN.test(token)) problem = 'login.tokenInvalid';
  let signedIn = null;
  if (!problem) {
    saveToken(token);
    signedIn = session(); // null (and forgotten) when unreadable or expired
    if (!signedIn) problem = 'login.tokenExpired';
    else if (!signedIn.role) problem = 'login.tokenNoRole';
  }
  if (problem) {
    forget();
    setFieldError('login-token', t(problem));
    field.focus();
    return;
  }
  const button = $('token-submit');
  button.disabled = true;
  try {
    // The page reads the token without verifying it; the platform does: every role may read the board.
    await api('/api/capacity', { signIn: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forget();
      setFieldError('login-token', t('login.tokenRefused'));
      button.disabled = false;
      field.focus();
      return;
    }
    // Any other answer (board not replayed yet, no network) says nothing against the token itself.
  }
  location.replace(next || homeOf(signedIn.role));
}

/** Whether this gateway signs people in here at all; unknown (no answer) leaves the roles on offer. */
async function probeSignIn() {
  try {
    await api('/dev/login', { signIn: false });
  } catch (error) {
    if (signInOff(error)) offerToken(error.status);
  }
}

const last = readLast();
if (['patrol', 'operator', 'coordinator', 'admin'].includes(last.role)) $(`role-${last.role}`).checked = true;
if (typeof last.patrolId === 'string') $('login-patrol').value = last.patrolId;
if (Array.isArray(last.facilityIds)) $('login-facilities').value = last.facilityIds.join(', ');
if (params.has('next') && !previous) clear($('login-status'), notice('info', t('login.expired')));

$('role-group').addEventListener('change', renderFields);
$('login-form').addEventListener('submit', submit);
$('token-form').addEventListener('submit', useToken);
onLangChange(() => { document.title = t('login.pageTitle'); });
renderFields();
probeSignIn();
