// The SSE clients of the freshness benchmark, in a worker thread: their own event loop,
// the same clock. Each dashboard event is stamped the moment it is complete, before parsing.
import { parentPort, workerData } from 'node:worker_threads';

const { url, clients } = workerData;
const ORDERS = /"kpis":\{"orders":(\d+)/;

async function listen(index) {
  const response = await fetch(url);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const at = Date.now();
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const match = block.match(ORDERS);
      if (match) parentPort.postMessage({ client: index, at, orders: Number(match[1]), bytes: block.length });
    }
  }
}

for (let i = 0; i < clients; i++) listen(i).catch((error) => parentPort.postMessage({ client: i, error: String(error) }));
