// Which stored files each query view reads: for the Parquet datasets, the files a history reader
// sees (createHistoryReader: compacted files instead of their inputs, plus the late-*.parquet
// correction files next to the windows); for alerts, the alert sink's JSON lines and
// acknowledgements. Temporary files (_tmp.*) are never part of a view.
import { createHistoryReader, type Dataset, type FileInfo, type Store } from '../store/index';
import { ALERT_ROOT } from '../pipeline/index';
import type { QueryView } from './views';

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const isAlertFile = (path: string): boolean => {
  const name = fileName(path);
  return !name.startsWith('_') && !name.startsWith('.') && (name.endsWith('.jsonl') || name.endsWith('.json'));
};

/** The stored files behind each of the given views, paths relative to the store's root. */
export async function listViewFiles(store: Store, views: readonly QueryView[]): Promise<Map<QueryView, FileInfo[]>> {
  const reader = createHistoryReader(store);
  const listed = await Promise.all(views.map(async (view): Promise<[QueryView, FileInfo[]]> =>
    view === 'alerts'
      ? [view, (await store.list(ALERT_ROOT)).filter((f) => isAlertFile(f.path))]
      : [view, await reader.files(view as Dataset)]));
  return new Map(listed.map(([view, files]) => [view, [...files].sort((a, b) => (a.path < b.path ? -1 : 1))]));
}
