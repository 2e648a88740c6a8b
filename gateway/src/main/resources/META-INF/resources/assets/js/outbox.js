// The patrol's outbox: every request is written to the device BEFORE it is sent, with the Idempotency-Key
// it will always be sent with. It leaves the outbox only once the platform answered; a request whose
// answer got lost is sent again with the same key, and the platform returns the referral it already made.
// The outbox holds no credential: each send uses the token of whoever is signed in at that moment. It does hold
// person codes, so signing out deletes it (discard).
import { api, ApiError, isRetryable } from './api.js';

const STORAGE_KEY = 'relais.outbox';
const RETRY_MS = [2000, 5000, 15000, 30000, 60000];

/** crypto.randomUUID needs a secure context; a patrol reaching the gateway by a LAN address may not have one. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(STORAGE_KEY) || '[]');
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

/**
 * A request as it is sent now. Pages before the platform stopped taking free text queued a "note" with the
 * request; it is dropped (the platform would refuse the whole request for it), the rest goes as it was.
 */
function current(item) {
  if (item.type !== 'referral' || !item.body || !('note' in item.body)) return item;
  const { note, ...body } = item.body;
  return { ...item, body };
}

export class Outbox {
  constructor({ onSent = () => {}, onFailed = () => {}, onChange = () => {} } = {}) {
    this.onSent = onSent;
    this.onFailed = onFailed;
    this.onChange = onChange;
    this.flushing = null;
    this.retryTimer = 0;
    this.attempt = 0;
    this.discarded = false;
    // A page closed in the middle of a send left "sending" behind: it is simply waiting again. A note queued by
    // an older page leaves the device now rather than at the next send.
    const stored = load();
    const waiting = stored.map((i) => ({ ...current(i), sending: false }));
    if (JSON.stringify(waiting) !== JSON.stringify(stored)) localStorage.setItem(STORAGE_KEY, JSON.stringify(waiting));
    window.addEventListener('online', () => {
      this.attempt = 0;
      this.flush();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.flush();
    });
    // Other tabs of the same device share the outbox.
    window.addEventListener('storage', (e) => {
      if (e.key === STORAGE_KEY) this.onChange(this.items());
    });
  }

  items() {
    return load().map(current);
  }

  save(items) {
    // Once discarded (signed out), a send still in flight must not write its leftovers back.
    if (this.discarded) return;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    this.onChange(items);
  }

  /** Deletes every waiting request from the device, for good (sign-out): nothing more is sent from this page. */
  discard() {
    this.discarded = true;
    clearTimeout(this.retryTimer);
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      /* storage disabled: nothing was kept */
    }
    this.onChange([]);
  }

  /** Stores the request (POST url body) and tries to send it. Returns the stored item. */
  add({ type, url, body, meta = {} }) {
    const item = { key: newKey(), type, url, body, meta, queuedAt: new Date().toISOString(), attempts: 0, lastError: null };
    this.save([...this.items(), item]);
    this.flush();
    return item;
  }

  remove(key) {
    this.save(this.items().filter((i) => i.key !== key));
  }

  update(key, patch) {
    this.save(this.items().map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  /** Sends waiting requests in order; one flush at a time, whoever triggers it. */
  flush() {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  async drain() {
    clearTimeout(this.retryTimer);
    const tried = new Set();
    // Re-read the outbox each time: requests added while we were sending go out in the same drain.
    for (let item = this.next(tried); item && !this.discarded; item = this.next(tried)) {
      tried.add(item.key);
      if (!navigator.onLine) {
        this.scheduleRetry();
        return;
      }
      this.update(item.key, { sending: true, attempts: item.attempts + 1 });
      try {
        const result = await api(item.url, {
          method: 'POST',
          body: item.body,
          headers: { 'Idempotency-Key': item.key },
        });
        if (this.discarded) return; // signed out meanwhile: nothing of it is kept on the device
        this.remove(item.key);
        this.attempt = 0;
        this.onSent(item, result);
      } catch (error) {
        if (this.discarded) return;
        if (error instanceof ApiError && error.status === 401) {
          // No valid token (expired, or the app was reopened offline): the request is not refused, it waits
          // for the next sign-in, which api() has just asked for. Same Idempotency-Key when it goes.
          this.update(item.key, { sending: false, lastError: 'http401' });
          return;
        }
        if (isRetryable(error)) {
          this.update(item.key, { sending: false, lastError: error.name === 'NetworkError' ? 'network' : `http${error.status}` });
          this.scheduleRetry();
          return;
        }
        // Refused for good (400/404/409/422): keep nothing half-sent, tell the patrol why (a 409 on a request
        // names the person's active referral, activeReferralId).
        this.remove(item.key);
        this.onFailed(item, error);
      }
    }
  }

  next(tried) {
    return this.items().find((i) => !tried.has(i.key));
  }

  scheduleRetry() {
    if (this.discarded) return;
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.flush(), delay);
  }
}
