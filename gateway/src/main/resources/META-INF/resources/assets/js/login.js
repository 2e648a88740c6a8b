// Local sign-in (local platform only): pick a role, a patrol or facilities, get a token from POST /dev/login,
// keep it in sessionStorage (see auth.js for why) and go back where the person came from. The gateway answers
// 404 on /dev/login when local sign-in is disabled (production profile).
import { t, onLangChange } from './i18n.js';
import { api, ApiError } from './api.js';
import { h, clear, mountHeader, problemNotice, notice, icon } from './ui.js';
import { saveToken, forget, session, safeNext, homeOf } from './auth.js';

const LAST_KEY = 'relais.login.last'; // role and ids last used on this device: no credential
const ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
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
    const status = $('login-status');
    if (error instanceof ApiError && error.status === 404) clear(status, notice('danger', t('login.disabled'), 'ban'));
    else clear(status, problemNotice(error, t('login.failed')));
    button.disabled = false;
  }
}

const last = readLast();
if (['patrol', 'operator', 'coordinator', 'admin'].includes(last.role)) $(`role-${last.role}`).checked = true;
if (typeof last.patrolId === 'string') $('login-patrol').value = last.patrolId;
if (Array.isArray(last.facilityIds)) $('login-facilities').value = last.facilityIds.join(', ');
if (params.has('next') && !previous) clear($('login-status'), notice('info', t('login.expired')));

$('role-group').addEventListener('change', renderFields);
$('login-form').addEventListener('submit', submit);
onLangChange(() => { document.title = t('login.pageTitle'); });
renderFields();
