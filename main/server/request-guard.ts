import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The local web server's checks, each a small pure function so that each refusal has its
 * own test. The server listens on 127.0.0.1 only; these stop the other ways in:
 * - another user or program on the machine (a shared practice PC): the run's token;
 * - a web page in the same browser: the Origin check, the token, and no CORS headers;
 * - DNS rebinding (a hostile name re-pointed at 127.0.0.1): the Host check.
 */

/** 32 random bytes, URL-safe: fits a URL fragment and a WebSocket subprotocol token. */
export function mintToken(): string {
  return randomBytes(32).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/** The WebSocket subprotocol the server agrees to; the token rides in a second one. */
export const EVENTS_PROTOCOL = 'scr-events';
export const TOKEN_PROTOCOL_PREFIX = 'scr-token.';

export const LOOPBACK = '127.0.0.1';

function allowedHosts(port: number): string[] {
  return [`${LOOPBACK}:${port}`, `localhost:${port}`];
}

/** The Host header must name this server as the browser was pointed at it, port included. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/**
 * Browsers send Origin on every POST, fetch and WebSocket: it must be this server.
 * Programs that are not browsers send none; they still need the token.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/** Constant-time comparison, so the token cannot be guessed a character at a time. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  return m?.[1];
}

/**
 * Browsers cannot set headers on a WebSocket, so the token travels as a subprotocol
 * ('scr-token.<token>') beside 'scr-events' rather than in the URL, where it would sit
 * in logs and history.
 */
export function webSocketToken(protocolHeader: string | undefined): string | undefined {
  const offered = (protocolHeader ?? '').split(',').map((p) => p.trim());
  const withToken = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return withToken?.slice(TOKEN_PROTOCOL_PREFIX.length);
}
