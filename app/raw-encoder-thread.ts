// The thread side of raw encoding (bin/raw-encoder-thread.js), from store/ alone: the thread loads
// only what encoding a raw file needs, not the transports, the server or DuckDB.
export { runRawEncoderThread } from '../src/store/index';
