// What a lasting change does to the baseline: after adaptAfterMs it is the new level, which
// the baseline learns (a department takes its products' shares along at once, so they are
// not judged against the old level); back near the level before, that level is restored.
import type { ShareBaseline } from './baseline';
import type { Track } from './tracks';

export function createLevelMoves(shares: { product: ShareBaseline; department: ShareBaseline }, byDepartment: ReadonlyMap<number, Set<number>>) {
  const scaleProducts = (departmentId: number, factor: number): void => {
    if (!(factor > 0) || !Number.isFinite(factor) || factor === 1) return;
    for (const id of byDepartment.get(departmentId) ?? []) shares.product.setShare(id, shares.product.share(id) * factor);
  };
  return {
    adapt(t: Track, at: number): void {
      const e = t.episode!;
      e.adaptedAt = at;
      if (t.level === 'department') scaleProducts(t.id, e.recent.ratio);
    },
    restore(t: Track): void {
      const e = t.episode!;
      if (e.adaptedAt === null) return;
      const moved = t.level === 'department' && e.preShare > 0 ? shares.department.share(t.id) / e.preShare : 1;
      shares[t.level].setShare(t.id, e.preShare);
      if (t.level === 'department') scaleProducts(t.id, 1 / moved);
    },
  };
}
