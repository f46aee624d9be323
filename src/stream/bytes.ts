// A little byte writer and reader for the partial codec: unsigned and zigzag varints (exact up
// to 2^53, by arithmetic rather than 32-bit shifts), strings interned per message, raw bytes.
// The reader checks every bound and says where a message ends early or runs on.

export class ByteWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;
  private readonly strings = new Map<string, number>();
  private static readonly text = new TextEncoder();

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Bytes written so far: where the next write starts. */
  get size(): number {
    return this.length;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.length++] = b;
  }

  /** A whole number from 0 to 2^53. */
  uint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.buffer[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buffer[this.length++] = n;
  }

  /** A whole number of either sign. */
  int(n: number): void {
    this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  /** Strings repeat (product and department names): the second time, only a reference. */
  string(s: string): void {
    const seen = this.strings.get(s);
    if (seen !== undefined) {
      this.uint(seen + 1);
      return;
    }
    this.strings.set(s, this.strings.size);
    this.uint(0);
    if (!this.ascii(s)) {
      const bytes = ByteWriter.text.encode(s);
      this.uint(bytes.length);
      this.bytes(bytes);
    }
  }

  /** Writes an ASCII string's length and characters in place (one byte each); false for any other string, writing nothing. */
  private ascii(s: string): boolean {
    const n = s.length;
    for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return false;
    this.uint(n);
    this.room(n);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = s.charCodeAt(i);
    this.length = at;
    return true;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  private readonly strings: string[] = [];
  private static readonly text = new TextDecoder('utf-8', { fatal: true });

  /** Reads `data` from byte `at` on. */
  constructor(private readonly data: Uint8Array, private readonly fail: (problem: string) => never, private at = 0) {}

  private need(n: number): void {
    if (this.at + n > this.data.length) this.fail(`it ends early at byte ${this.data.length} (${n} more byte(s) needed at ${this.at})`);
  }

  byte(): number {
    this.need(1);
    return this.data[this.at++]!;
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) this.fail(`a number at byte ${this.at} is longer than any this codec writes`);
    }
    return value;
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
  }

  /** A count of items that each take at least one byte: more than the bytes left cannot be right. */
  count(): number {
    const n = this.uint();
    if (n > this.data.length - this.at) this.fail(`a count of ${n} at byte ${this.at} exceeds the ${this.data.length - this.at} bytes left`);
    return n;
  }

  string(): string {
    const ref = this.uint();
    if (ref > 0) {
      const s = this.strings[ref - 1];
      if (s === undefined) this.fail(`a string reference ${ref} at byte ${this.at} points to no earlier string`);
      return s;
    }
    const bytes = this.bytes(this.count());
    let s: string;
    try {
      s = ByteReader.text.decode(bytes);
    } catch {
      this.fail(`a string at byte ${this.at} is not UTF-8`);
    }
    this.strings.push(s);
    return s;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  end(): void {
    if (this.at !== this.data.length) this.fail(`${this.data.length - this.at} byte(s) are left over after the end at ${this.at}`);
  }
}
