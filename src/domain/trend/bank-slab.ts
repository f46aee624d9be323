// Where the detector's CUSUM banks live: carved out of shared blocks instead of one array
// buffer each. A bank is 9-20 numbers and there are two per product, ~100k in all; as its own
// Float64Array each took a buffer of its own (a heap object plus a malloc'd backing store and
// its bookkeeping, ~300 bytes over the numbers). A bank here is a view on a block: a block
// is freed by the collector once none of its banks is reachable, and the slab holds on to
// the current block only, so at most one block is reserved and unused.

export interface BankSlab {
  /** A zeroed Float64Array of `length` numbers, sharing its buffer with the banks taken before it. */
  take(length: number): Float64Array;
  /** Blocks allocated so far (banks longer than a block get a block of their own, counted too). */
  readonly blocks: number;
}

/** Numbers per block: 64 KiB, about 230 products' pair of banks. */
export const BANK_BLOCK_LENGTH = 8192;

export function createBankSlab(blockLength = BANK_BLOCK_LENGTH): BankSlab {
  let block = new Float64Array(0);
  let used = 0;
  let blocks = 0;
  return {
    take(length) {
      if (length > blockLength) {
        blocks++;
        return new Float64Array(length);
      }
      if (used + length > block.length) {
        block = new Float64Array(blockLength);
        used = 0;
        blocks++;
      }
      const bank = block.subarray(used, used + length);
      used += length;
      return bank;
    },
    get blocks() {
      return blocks;
    },
  };
}
