import { createHmac } from 'node:crypto';
import { tokenMatches } from './request-guard';

/**
 * The browser's sign-in for local web mode. The printed link carries the run's token once:
 * GET /session?token=… swaps it for an HttpOnly cookie and redirects to a token-less address,
 * so the token leaves the address bar and the tab's history at once, and page scripts never
 * see a credential at all (HttpOnly). SameSite=Strict: no other site's page can make the
 * browser send it. No Secure flag: the server is plain http on 127.0.0.1, and a Secure cookie
 * would never be sent back.
 */
export const SESSION_PATH = '/session';

/**
 * Browsers keep cookies per host, not per port: two SCR Extract servers on one machine
 * (another port, a test run) would overwrite each other's cookie under one name.
 */
export function sessionCookieName(port: number): string {
  return `scr-session-${port}`;
}

/**
 * Derived from the token, not the token itself: the cookie works only for this run's token
 * (a restart with a new token refuses old cookies), and a restart with the same token
 * (SCR_WEB_TOKEN) keeps the tabs signed in.
 */
export function sessionCookieValue(token: string): string {
  return createHmac('sha256', token).update('scr-extract/web-session/v1').digest('base64url');
}

export function sessionCookieHeader(port: number, token: string): string {
  return `${sessionCookieName(port)}=${sessionCookieValue(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie in a Cookie header, if present once. */
export function cookieFrom(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  // Two cookies of one name (a path or host variant planted beside ours): trust neither.
  return values.length === 1 ? values[0] : undefined;
}

export function sessionCookieMatches(header: string | undefined, port: number, token: string): boolean {
  return tokenMatches(cookieFrom(header, sessionCookieName(port)), sessionCookieValue(token));
}

/** Where the exchange sends the browser: the app, or the app told that the link was not this run's. */
export const SIGNED_IN_LOCATION = '/';
export const REFUSED_LINK_LOCATION = '/?link=refused';
