// Whether the dashboard's address is reachable from other machines, and what that requires:
// beyond loopback, an access token. Pure: the server checks the token (server/access.ts).

const MIN_TOKEN_LENGTH = 16;

/** localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback; anything else may be reached from outside. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(h)) return true;
  const v4 = h.replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Why this server setting may not start, or undefined when it may. */
export function exposureProblem(server: { host: string; token?: string | undefined }): string | undefined {
  if (server.token !== undefined && server.token.length < MIN_TOKEN_LENGTH) {
    return `the access token is too short (${server.token.length} characters); use at least ${MIN_TOKEN_LENGTH}, e.g. the output of "openssl rand -hex 16"`;
  }
  if (isLoopbackHost(server.host) || server.token !== undefined) return undefined;
  return `--host ${server.host} makes the dashboard and API reachable from other machines, so they need an access token: `
    + 'set one with --token or PURCHASE_TRENDS_TOKEN (e.g. the output of "openssl rand -hex 16"), or keep the default --host 127.0.0.1';
}
