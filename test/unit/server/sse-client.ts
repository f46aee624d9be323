// A minimal server-sent events client over fetch, for tests: next() resolves with the next event.
export interface SseEvent {
  id: string;
  event: string;
  data: any;
}

export async function openEvents(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  const waiters: Array<(e: SseEvent) => void> = [];
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const row of block.split('\n')) {
            const colon = row.indexOf(':');
            if (colon > 0) fields.set(row.slice(0, colon), row.slice(colon + 1).trimStart());
          }
          if (!fields.has('data')) continue; // retry: and comments
          const event = { id: fields.get('id') ?? '', event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data') as string) };
          const waiter = waiters.shift();
          if (waiter) waiter(event);
          else queue.push(event);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    next(timeoutMs = 5_000): Promise<SseEvent> {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error(`no event within ${timeoutMs} ms from ${url}`));
        }, timeoutMs);
        const done = (e: SseEvent) => {
          clearTimeout(timer);
          resolve(e);
        };
        waiters.push(done);
      });
    },
    close: () => abort.abort(),
  };
}
