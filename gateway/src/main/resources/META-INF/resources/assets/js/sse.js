// Server-sent events that survive restarts: EventSource retries on its own after a dropped connection,
// but gives up for good on an HTTP error (a gateway restarting answers 502/503), so reopen it ourselves
// with a growing delay. The state ("connecting", "live", "down") drives the live badge.

export function liveStream(url, { events = {}, onState = () => {} } = {}) {
  let source = null;
  let closed = false;
  let attempt = 0;
  let retryTimer = null;
  let currentUrl = url;

  function open() {
    clearTimeout(retryTimer);
    if (closed) return;
    onState('connecting');
    source = new EventSource(currentUrl);
    source.onopen = () => {
      attempt = 0;
      onState('live');
    };
    source.onerror = () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED) {
        onState('down');
        scheduleReopen();
      } else {
        onState('connecting');
      }
    };
    for (const [name, handler] of Object.entries(events)) {
      source.addEventListener(name, (event) => {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return; // a malformed frame is dropped; the next snapshot or change repairs the view
        }
        handler(data);
      });
    }
  }

  function scheduleReopen() {
    source?.close();
    const delay = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
    attempt += 1;
    retryTimer = setTimeout(open, delay);
  }

  // Back online: reconnect at once rather than waiting for the backoff.
  const onOnline = () => {
    if (!closed && (!source || source.readyState !== EventSource.OPEN)) {
      attempt = 0;
      source?.close();
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
      source?.close();
      open();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    },
  };
}
