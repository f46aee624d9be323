// Records that could not be read are kept, not dropped: one JSON-lines file per flushed
// range under purchase-analytics/rejected, with where each came from and why. A value that is
// UTF-8 text (a JSON message) is kept as `value`; any other (an Avro record) as `valueBase64`,
// byte for byte, where decoding it as text would have replaced its bytes.
import { ROOT, type Store } from '../store/index';

export interface Rejection {
  where: string;
  offset: number;
  reason: string;
  value: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function valueOf(bytes: Uint8Array): { value: string } | { valueBase64: string } {
  try {
    return { value: decoder.decode(bytes) };
  } catch {
    return { valueBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}

export async function writeRejected(store: Store, topic: string, partition: number, rejections: Rejection[]): Promise<string> {
  const first = rejections[0]!.offset;
  const last = rejections[rejections.length - 1]!.offset;
  const path = `${ROOT}/rejected/${topic}/part-${partition}-${first}-${last}.jsonl`;
  const lines = rejections.map((r) => JSON.stringify({ where: r.where, reason: r.reason, ...valueOf(r.value) }));
  await store.write(path, new TextEncoder().encode(`${lines.join('\n')}\n`));
  return path;
}
