// The ratio banks the benchmark can compare (--bank): the detector's own (v2: from the minimum
// change up), the first detector's (v1: ×2 and ×4 up, ×0.4 and ×0.1 down, whatever the minimum
// change), and a dense one that stands in for a likelihood-ratio scan over every change size.
import { ratioBanks, ratioSet, type TrendDetectorOptions } from '../src/index';

export type BankName = 'v2' | 'v1' | 'dense';
export const BANK_NAMES: readonly BankName[] = ['v2', 'v1', 'dense'];

const geometric = (from: number, to: number, n: number): number[] => Array.from({ length: n }, (_, i) => from * (to / from) ** (i / (n - 1)));

export function banksFor(name: BankName): NonNullable<TrendDetectorOptions['banks']> {
  switch (name) {
    case 'v2':
      return ratioBanks;
    case 'v1':
      return () => ({ up: ratioSet([2, 4]), down: ratioSet([0.4, 0.1]) });
    case 'dense':
      return (m) => ({ up: ratioSet(geometric(1 + m, 10, 12)), down: ratioSet(geometric(1 - m, 0.02, 10)) });
  }
}
