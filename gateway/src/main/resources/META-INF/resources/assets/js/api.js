// The HTTP client of the three views. Every error becomes an ApiError carrying the RFC 9457 problem the
// services send, or a NetworkError when the request never got an answer (no network, timeout).
// Every call carries the signed-in person's bearer token; a 401 sends the person to the sign-in page.
import { t } from './i18n.js';
import { authHeaders, toLogin } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super(t('error.network'));
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

const DEFAULT_TIMEOUT_MS = 15000;

/**
 * Calls the API and returns the parsed JSON body (null when empty). A 401 (no, expired or refused token)
 * forgets the token and goes to /login/ with this page as the return address, unless signIn is false.
 */
export async function api(path, { method = 'GET', body, headers = {}, timeout = DEFAULT_TIMEOUT_MS, signIn = true } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const init = {
    method,
    headers: { Accept: 'application/json, application/problem+json', ...authHeaders(), ...headers },
    signal: controller.signal,
    cache: 'no-store',
  };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new NetworkError(e);
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text().catch(() => '');
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text.slice(0, 200) };
    }
  }
  if (response.status === 401 && signIn) toLogin();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** True when retrying later may succeed (no answer, or the platform is overloaded or restarting). */
export function isRetryable(error) {
  return error instanceof NetworkError || (error instanceof ApiError && [408, 425, 429, 502, 503, 504].includes(error.status));
}

/**
 * A problem as a title, a sentence and the offending fields, in the reader's language where we know the
 * status; the service's own detail is kept, since it says what exactly was refused.
 */
export function describeProblem(error) {
  if (error instanceof NetworkError) {
    return { title: t('error.network'), detail: t('error.networkDetail'), fields: [] };
  }
  if (error instanceof ApiError) {
    const p = error.problem || {};
    const known = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];
    const title = known.includes(error.status) ? t(`error.http${error.status}`) : (p.title || `HTTP ${error.status}`);
    const fields = Array.isArray(p.errors) ? p.errors.map((e) => `${e.field}: ${e.message}`) : [];
    return { title: `${title} (${error.status})`, detail: p.detail || '', fields };
  }
  return { title: error?.message || t('error.unexpected'), detail: '', fields: [] };
}
