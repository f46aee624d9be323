// A minimal HTTP client over node:http, for the WebHDFS store. Not Node's fetch: a WebHDFS
// DataNode answers a data PUT with an unsolicited "100 Continue", which undici (fetch) rejects
// as "bad response" (measured against Hadoop 3.4.2); node:http skips informational responses.
// Redirects are never followed here, because WebHDFS's two-step CREATE needs the 307 itself.
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: string;
  body?: Uint8Array;
  /** Longest silence on the socket before the request fails with ETIMEDOUT. */
  timeoutMs: number;
}

/** A failure below HTTP: refused, reset, timed out, unknown host. `code` is Node's (ECONNREFUSED, …). */
export class HttpConnectionError extends Error {
  constructor(message: string, readonly code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpConnectionError';
  }
}

// Keep-alive saves a TCP handshake per call; a flush makes several calls to the NameNode.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };

export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const { method, url, body, timeoutMs } = request;
  const secure = url.startsWith('https:');
  const headers: http.OutgoingHttpHeaders = body
    ? { 'content-type': 'application/octet-stream', 'content-length': body.byteLength }
    : { 'content-length': 0 };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { method, headers, agent: secure ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(new HttpConnectionError(error.message, 'ECONNRESET', { cause: error })));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new HttpConnectionError(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof HttpConnectionError ? error : new HttpConnectionError(error.message, error.code ?? 'ECONNRESET', { cause: error })));
    req.end(body);
  });
}
