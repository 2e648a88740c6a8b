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

/**
 * Fetches a file the API serves (e.g. a CSV with Accept: text/csv) with the token, and hands it to the browser as a
 * download named as the server's Content-Disposition says (or `fallbackName`). Returns the file's name.
 */
export async function download(path, { accept, fallbackName, timeout = 30000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  let blob;
  try {
    response = await fetch(path, {
      headers: { Accept: `${accept}, application/problem+json`, ...authHeaders() },
      signal: controller.signal,
      cache: 'no-store',
    });
    blob = await response.blob();
  } catch (e) {
    throw new NetworkError(e);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401) toLogin();
  if (!response.ok) {
    let problem = null;
    try {
      problem = JSON.parse(await blob.text());
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename="?([^";]+)"?/i.exec(disposition);
  const name = named ? named[1] : fallbackName;
  // A link to the file itself, clicked once: the only way a page saves a file it fetched with a header (the token).
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
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
