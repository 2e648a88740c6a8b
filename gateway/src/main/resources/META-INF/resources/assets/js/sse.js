// Server-sent events that carry the bearer token and survive restarts. EventSource cannot send an
// Authorization header, so the stream is read with fetch and a stream reader; a dropped connection, an
// HTTP error (a gateway restarting answers 502/503) or a stream the server ended is reopened with a growing
// delay, at once when the network returns. A 401 goes to the sign-in page. The state ("connecting",
// "live", "down") drives the live badge. A reopened stream sends the id of the last event received
// (Last-Event-ID); "live" says whether the server took it ({ resumed: true }: it sends what was missed
// first) or the stream starts afresh, when the view must load its state again. A server that does not know
// the id answers 400: the id is dropped and the stream opened afresh.
import { authHeaders, toLogin } from './auth.js';

const MAX_DELAY_MS = 30000;

/** Splits a text/event-stream into events ({event, data, id}) as the HTML spec parses them. */
export function sseParser(onEvent) {
  let buffer = '';
  let data = [];
  let name = '';
  let id = null;
  const dispatch = () => {
    if (data.length) onEvent({ event: name || 'message', data: data.join('\n'), id });
    data = [];
    name = '';
  };
  return (chunk) => {
    buffer += chunk;
    let cut;
    while ((cut = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, cut);
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (buffer[cut] === '\r' && cut === buffer.length - 1) break;
      buffer = buffer.slice(cut + (buffer.startsWith('\r\n', cut) ? 2 : 1));
      if (line === '') {
        dispatch();
        continue;
      }
      if (line.startsWith(':')) continue; // comment / keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') name = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  };
}

export function liveStream(url, { events = {}, onState = () => {} } = {}) {
  let closed = false;
  let attempt = 0;
  let retryTimer = null;
  let currentUrl = url;
  let controller = null;
  let generation = 0;
  let lastEventId = null;
  let live = false;

  const isCurrent = (gen) => !closed && gen === generation;

  function deliver({ event, data, id }) {
    if (id != null) lastEventId = id;
    const handler = events[event];
    if (!handler) return;
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      return; // a malformed frame is dropped; the next snapshot or change repairs the view
    }
    handler(parsed);
  }

  async function open() {
    clearTimeout(retryTimer);
    if (closed) return;
    controller?.abort();
    controller = new AbortController();
    const gen = ++generation;
    live = false;
    onState('connecting');
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    const resuming = lastEventId;
    if (resuming) headers['Last-Event-ID'] = resuming;
    let response;
    try {
      response = await fetch(currentUrl, { headers, cache: 'no-store', signal: controller.signal });
    } catch {
      if (isCurrent(gen)) scheduleReopen();
      return;
    }
    if (!isCurrent(gen)) return;
    if (response.status === 401) {
      onState('down');
      toLogin();
      return;
    }
    if (response.status === 400 && resuming) {
      lastEventId = null;
      open();
      return;
    }
    if (!response.ok || !response.body) {
      scheduleReopen();
      return;
    }
    attempt = 0;
    live = true;
    onState('live', { resumed: Boolean(resuming) });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const feed = sseParser((e) => { if (isCurrent(gen)) deliver(e); });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || !isCurrent(gen)) break;
        feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      /* aborted or dropped: reopened below */
    }
    // The server ended the stream or the connection dropped: open it again.
    if (isCurrent(gen)) scheduleReopen();
  }

  function scheduleReopen() {
    controller?.abort();
    live = false;
    onState(navigator.onLine === false ? 'offline' : 'down');
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
    attempt += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, delay);
  }

  // Back online: reconnect at once rather than waiting for the backoff.
  const onOnline = () => {
    if (!closed && !live) {
      attempt = 0;
      open();
    }
  };
  const onOffline = () => onState('offline');
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  open();

  return {
    /** Switch to another URL (e.g. another arrondissement filter). */
    reconnect(newUrl = currentUrl) {
      currentUrl = newUrl;
      attempt = 0;
      lastEventId = null;
      open();
    },
    close() {
      closed = true;
      generation += 1;
      clearTimeout(retryTimer);
      controller?.abort();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    },
  };
}
