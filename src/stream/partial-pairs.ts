// A window's pair counts on the partials topic (format version 4): capacity, occurrences and
// error bound, then the held pairs by ascending key, each key as the gap from the one before
// (pairs of one product sit together, so gaps are small) and its count.
import { PairCounts } from '../domain/index';
import type { ByteReader, ByteWriter } from './bytes';

export function writePairs(w: ByteWriter, pairs: PairCounts): void {
  const { capacity, occurrences, errorBound, keys, counts } = pairs.parts();
  w.uint(capacity);
  w.uint(occurrences);
  w.uint(errorBound);
  w.uint(keys.length);
  let previous = 0;
  keys.forEach((key, i) => {
    w.uint(key - previous);
    w.uint(counts[i] as number);
    previous = key;
  });
}

export function readPairs(r: ByteReader): PairCounts {
  const capacity = r.uint();
  if (capacity < 1) throw new Error(`a pair summary's capacity is ${capacity}; it must be at least 1`);
  const occurrences = r.uint();
  const errorBound = r.uint();
  const n = r.count();
  if (n > 2 * capacity) throw new Error(`a pair summary holds ${n} pairs, more than twice its capacity ${capacity}`);
  const keys = new Array<number>(n);
  const counts = new Array<number>(n);
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const gap = r.uint();
    if (i > 0 && gap === 0) throw new Error(`pair ${i} of a summary repeats the key before it`);
    keys[i] = previous += gap;
    counts[i] = r.uint();
  }
  return PairCounts.fromParts({ capacity, occurrences, errorBound, keys, counts });
}
