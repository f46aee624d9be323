// The partial codec's byte writer and reader: strings of any script round-trip, a repeat is a
// reference, and an ASCII string written in place is byte for byte what TextEncoder writes.
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../../src/stream/bytes';

const fail = (problem: string): never => {
  throw new Error(problem);
};

describe('ByteWriter strings', () => {
  const strings = ['Organic Bananas', '', 'Crème fraîche', 'Bag of Organic Bananas', '日本茶 🍵', 'x'.repeat(300), 'Organic Bananas', 'Crème fraîche', '\u007f edge'];

  it('round-trip ASCII, accented, CJK, emoji, empty and long strings, with repeats', () => {
    const w = new ByteWriter();
    strings.forEach((s, i) => { w.string(s); w.uint(i); });
    const r = new ByteReader(w.finish(), fail);
    expect(strings.map(() => { const s = r.string(); r.uint(); return s; })).toEqual(strings);
    r.end();
  });

  it('write a new ASCII string as its varint length and its UTF-8 bytes, and a repeat as a reference', () => {
    const w = new ByteWriter();
    w.string('Milk, 2%');
    w.string('Milk, 2%');
    const utf8 = new TextEncoder().encode('Milk, 2%');
    expect([...w.finish()]).toEqual([0, utf8.length, ...utf8, 1]);
  });
});
