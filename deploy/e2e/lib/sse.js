// A small Server-Sent Events reader over fetch, for tests: collects events and lets a test wait for one.
export function openStream(url, { headers = {} } = {}) {
  const controller = new AbortController();
  const events = [];
  const waiters = [];
  const notify = () => {
    for (const w of [...waiters]) {
      const hit = events.find(w.predicate);
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(hit);
      }
    }
  };
  const ready = fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
    .then(async (response) => {
      if (!response.ok) throw new Error(`stream ${url} answered ${response.status}`);
      (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of response.body) {
            buffer += decoder.decode(chunk, { stream: true });
            let cut;
            while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
              let name = 'message';
              const data = [];
              for (const line of block.split(/\r?\n/)) {
                if (line.startsWith('event:')) name = line.slice(6).trim();
                else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
              }
              if (data.length) {
                let parsed;
                try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
                events.push({ name, data: parsed, at: performance.now() });
                notify();
              }
            }
          }
        } catch (e) {
          if (e.name !== 'AbortError') throw e;
        }
      })();
      return response;
    });
  return {
    ready,
    events,
    waitFor(predicate, timeoutMs = 5000) {
      const hit = events.find(predicate);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { predicate, resolve };
        w.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching event on ${url} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close() { controller.abort(); },
  };
}
