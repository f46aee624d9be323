// The thread side of a compaction pass (bin/compaction-thread.js), from store/ alone: a thread
// loads only what a merge needs, not the transports, the server or DuckDB.
export { runCompactionThread } from '../src/store/index';
