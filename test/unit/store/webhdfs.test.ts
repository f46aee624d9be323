// The WebHDFS store's protocol handling against a scripted stand-in for the NameNode and DataNode:
// the answers a real cluster gives only in bad moments (safe mode, failover, 5xx, lost replies).
// The same store runs against the real HDFS in test/integration/hdfs/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHdfsStore, systemClock } from '../../../src/index';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
const files = new Map<string, Buffer>();
const requests: string[] = [];
let script: Handler[] = [];
let base = '';

const remote = (res: ServerResponse, status: number, exception: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ RemoteException: { exception, javaClassName: `org.apache.hadoop.${exception}`, message } }));
};

/** A tiny WebHDFS: CREATE and APPEND with a redirect to itself, OPEN (with a range), RENAME with OVERWRITE, DELETE, GETFILESTATUS. */
const normal: Handler = (req, res, body) => {
  const url = new URL(req.url!, base);
  const path = decodeURIComponent(url.pathname.replace('/webhdfs/v1', ''));
  const op = url.searchParams.get('op');
  const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (op === 'CREATE' && !url.searchParams.has('datanode')) return res.writeHead(307, { location: `${base}${url.pathname}?op=CREATE&datanode=1` }).end();
  if (op === 'CREATE') return files.set(path, body), res.writeHead(201).end();
  if (op === 'APPEND' && !url.searchParams.has('datanode')) return res.writeHead(307, { location: `${base}${url.pathname}?op=APPEND&datanode=1` }).end();
  if (op === 'APPEND') return files.set(path, Buffer.concat([files.get(path)!, body])), res.writeHead(200).end();
  if (op === 'OPEN') {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const length = url.searchParams.has('length') ? Number(url.searchParams.get('length')) : Infinity;
    return files.has(path) ? res.writeHead(200).end(files.get(path)!.subarray(offset, offset + length)) : remote(res, 404, 'FileNotFoundException', `File does not exist: ${path}`);
  }
  if (op === 'RENAME') {
    if (!files.has(path)) return remote(res, 404, 'FileNotFoundException', `rename source ${path} is not found.`);
    files.set(url.searchParams.get('destination')!, files.get(path)!);
    files.delete(path);
    return res.writeHead(200).end();
  }
  if (op === 'DELETE') return json({ boolean: files.delete(path) });
  if (op === 'GETFILESTATUS') return files.has(path) ? json({ FileStatus: { type: 'FILE', length: files.get(path)!.byteLength } }) : remote(res, 404, 'FileNotFoundException', 'no');
  return remote(res, 400, 'IllegalArgumentException', `unexpected ${op}`);
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url!, 'http://x');
    requests.push(`${url.searchParams.get('op')}${url.searchParams.has('datanode') ? '@datanode' : ''}`);
    (script.shift() ?? normal)(req, res, Buffer.concat(chunks));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const open = () => {
  const warnings: string[] = [];
  const log = { debug: () => {}, info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
  return { warnings, store: createWebHdfsStore({ namenode: base, root: '/data', user: 'tester', clock: systemClock, initialDelayMs: 1, log }) };
};
const reset = (...steps: Handler[]) => {
  files.clear();
  requests.length = 0;
  script = steps;
};

describe('WebHDFS store: protocol and retries', () => {
  it('creates in two steps to a temporary name, then renames over the final name', async () => {
    reset();
    const { store } = open();
    await store.write('a/b.parquet', new Uint8Array([1, 2]));
    expect(requests).toEqual(['CREATE', 'CREATE@datanode', 'RENAME']);
    expect([...files.keys()]).toEqual(['/data/a/b.parquet']);
    expect(await store.read('a/b.parquet')).toEqual(new Uint8Array([1, 2]));
  });

  it('retries safe mode, standby and 5xx answers, and then succeeds', async () => {
    reset(
      (_q, res) => remote(res, 403, 'SafeModeException', 'Cannot create file. Name node is in safe mode.'),
      (_q, res) => remote(res, 403, 'StandbyException', 'Operation category WRITE is not supported in state standby'),
      (_q, res) => res.writeHead(503).end('busy'),
    );
    const { store, warnings } = open();
    await store.write('x.parquet', new Uint8Array([9]));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/WebHDFS CREATE of \/data\/_tmp\.\w+\.x\.parquet\.tmp failed \(attempt 1\).*SafeModeException/);
    expect(files.get('/data/x.parquet')).toEqual(Buffer.from([9]));
  });

  it('passes other RemoteExceptions on at once, with the HDFS path and the URL', async () => {
    reset((_q, res) => remote(res, 403, 'AccessControlException', 'Permission denied: user=tester, access=WRITE'));
    const { store, warnings } = open();
    const error = await store.write('y.parquet', new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_FAILED', retriable: false, message: expect.stringMatching(/^could not write \/data\/y\.parquet: WebHDFS CREATE .* AccessControlException: Permission denied/) });
    expect((error as { where: string }).where).toMatch(new RegExp(`^/data/_tmp\\.\\w+\\.y\\.parquet\\.tmp \\(${base}/webhdfs/v1/data/_tmp\\.\\w+\\.y\\.parquet\\.tmp\\?op=CREATE\\)$`));
    expect(warnings).toEqual([]);
    await expect(store.read('missing.parquet')).rejects.toMatchObject({ code: 'STORE_FAILED', message: expect.stringContaining('FileNotFoundException: File does not exist: /data/missing.parquet') });
  });

  it('treats a rename whose answer was lost as done once the file is in place', async () => {
    let renamed = false;
    reset(normal, normal, (req, res, body) => {
      normal(req, { writeHead: () => ({ end: () => undefined }), end: () => undefined } as unknown as ServerResponse, body);
      renamed = true;
      res.writeHead(502).end('gateway lost the answer');
    });
    const { store, warnings } = open();
    await store.write('z.parquet', new Uint8Array([5]));
    expect(renamed).toBe(true);
    expect(warnings).toHaveLength(1);
    expect([...files.keys()]).toEqual(['/data/z.parquet']);
  });

  it('writes a file in parts with CREATE then APPEND, and reads a range of it', async () => {
    reset();
    const { store, warnings } = open();
    const parts = await store.writeParts('_tmp.a.p.parquet');
    for (const part of [[1, 2], [3], [4, 5, 6]]) await parts.append(new Uint8Array(part));
    await parts.close();
    expect(requests).toEqual(['CREATE', 'CREATE@datanode', 'APPEND', 'APPEND@datanode', 'APPEND', 'APPEND@datanode']);
    expect([...files.get('/data/_tmp.a.p.parquet')!]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...(await store.readRange('_tmp.a.p.parquet', 2, 3))]).toEqual([3, 4, 5]);
    expect(warnings).toEqual([]);
  });

  it('does not append twice when an APPEND answer was lost after the bytes went in, and sends again when they did not', async () => {
    const lost: Handler = (req, res, body) => {
      normal(req, { writeHead: () => ({ end: () => undefined }), end: () => undefined } as unknown as ServerResponse, body);
      res.writeHead(502).end('gateway lost the answer');
    };
    const refused: Handler = (_req, res) => void res.writeHead(503).end('busy');
    reset(normal, normal, normal, lost);
    const { store, warnings } = open();
    const parts = await store.writeParts('_tmp.b.p.parquet');
    await parts.append(new Uint8Array([1]));
    await parts.append(new Uint8Array([2, 3]));
    expect([...files.get('/data/_tmp.b.p.parquet')!]).toEqual([1, 2, 3]);
    script = [normal, refused];
    await parts.append(new Uint8Array([4]));
    await parts.close();
    expect([...files.get('/data/_tmp.b.p.parquet')!]).toEqual([1, 2, 3, 4]);
    expect(warnings).toHaveLength(2);
  });

  it('gives up on a file whose length is neither before nor after a lost APPEND', async () => {
    const lostAndGrown: Handler = (req, res, body) => {
      files.set('/data/_tmp.c.p.parquet', Buffer.concat([files.get('/data/_tmp.c.p.parquet')!, body, body]));
      res.writeHead(502).end('gateway lost the answer');
    };
    reset(normal, normal, normal, lostAndGrown);
    const { store } = open();
    const parts = await store.writeParts('_tmp.c.p.parquet');
    await parts.append(new Uint8Array([1]));
    await expect(parts.append(new Uint8Array([2]))).rejects.toMatchObject({ retriable: false, message: expect.stringContaining('holds 3 bytes, neither the 1 before the append nor the 2 after it') });
    await parts.discard();
    expect(files.has('/data/_tmp.c.p.parquet')).toBe(false);
  });

  it('treats a missing file as absent, and deleting it as done', async () => {
    reset();
    const { store } = open();
    expect(await store.exists('nothing.parquet')).toBe(false);
    await store.delete('nothing.parquet');
  });
});
