// Where the detector's per-track numbers live: regions of shared blocks, addressed by block
// and offset. A track keeps a dozen numbers and two CUSUM banks of 16-20 numbers, and there
// is one per product, ~50k in all. As fields of the track object each number was a boxed
// double (16 bytes besides its 8-byte slot); as a Float64Array each bank was a view object
// (~96 bytes) or, before that, a buffer of its own (~300 bytes over the numbers). A region is
// neither: the track holds the block and an offset. A block is freed by the collector once no
// track holds it, and the slab holds on to the current block only, so at most one block is
// reserved and unused.

export interface SlabRegion {
  /** The block; the region is `data[off]` to `data[off + length - 1]`, zeroed when taken. */
  data: Float64Array;
  off: number;
}

export interface BankSlab {
  /** A zeroed region of `length` numbers in the current block, or in a new one when it is full. */
  take(length: number): SlabRegion;
  /** Blocks allocated so far (regions longer than a block get a block of their own, counted too). */
  readonly blocks: number;
}

/** Numbers per block: 64 KiB, about 170 products' tracks. */
export const BANK_BLOCK_LENGTH = 8192;

export function createBankSlab(blockLength = BANK_BLOCK_LENGTH): BankSlab {
  let block = new Float64Array(0);
  let used = 0;
  let blocks = 0;
  return {
    take(length) {
      if (length > blockLength) {
        blocks++;
        return { data: new Float64Array(length), off: 0 };
      }
      if (used + length > block.length) {
        block = new Float64Array(blockLength);
        used = 0;
        blocks++;
      }
      const region = { data: block, off: used };
      used += length;
      return region;
    },
    get blocks() {
      return blocks;
    },
  };
}
