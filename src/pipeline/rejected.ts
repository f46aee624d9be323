// Records that could not be read are kept, not dropped: one JSON-lines file per flushed
// range under purchase-analytics/rejected, with where each came from and why.
import { ROOT, type Store } from '../store/index';

export interface Rejection {
  where: string;
  offset: number;
  reason: string;
  value: Uint8Array;
}

const decoder = new TextDecoder();

export async function writeRejected(store: Store, topic: string, partition: number, rejections: Rejection[]): Promise<string> {
  const first = rejections[0]!.offset;
  const last = rejections[rejections.length - 1]!.offset;
  const path = `${ROOT}/rejected/${topic}/part-${partition}-${first}-${last}.jsonl`;
  const lines = rejections.map((r) => JSON.stringify({ where: r.where, reason: r.reason, value: decoder.decode(r.value) }));
  await store.write(path, new TextEncoder().encode(`${lines.join('\n')}\n`));
  return path;
}
