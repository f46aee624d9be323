// The access token, required on every route when one is configured (always, when the server is
// reachable beyond loopback; see src/config/exposure.ts). A client shows it as
// "Authorization: Bearer <token>", or as ?token=<token> on any URL: a browser opens the dashboard
// that way, and the server answers with an HttpOnly same-site cookie so that the page's own
// scripts, API calls, event stream and export links carry it from then on.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const TOKEN_COOKIE = 'purchase_trends_token';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function cookieToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Removes ?token= from the request's URL, so the routes' strict parameter checks never see it. */
function takeQueryToken(req: Request): string | undefined {
  const url = new URL(req.url, 'http://localhost');
  const token = url.searchParams.get('token') ?? undefined;
  if (!url.searchParams.has('token')) return undefined;
  url.searchParams.delete('token');
  req.url = url.pathname + url.search;
  return token;
}

export function requireToken(token: string) {
  const expected = digest(token);
  const matches = (candidate: string | undefined): boolean => candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return (req: Request, res: Response, next: NextFunction): void => {
    const fromQuery = takeQueryToken(req);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (matches(fromQuery)) {
      res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      next();
      return;
    }
    if (matches(bearer) || matches(cookieToken(req))) {
      next();
      return;
    }
    res.status(401).set('WWW-Authenticate', 'Bearer realm="purchase-trends"').json({
      error: `${req.method} ${req.path} needs the access token: send "Authorization: Bearer <token>", or open the page with ?token=<token>`,
    });
  };
}
