import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { log } from '../core/log/logger';
import type { Services } from '../services/services';
import { createEventSocket, EVENTS_PATH } from './event-socket';
import { createBodyBudget } from './body-budget';
import { API_PREFIX, handleApiCall, refuse } from './http-api';
import {
  LOOPBACK,
  TOKEN_PATTERN,
  bearerToken,
  hostAllowed,
  mintToken,
  originAllowed,
  tokenMatches,
  webSocketToken,
} from './request-guard';
import { REFUSED_LINK_LOCATION, SESSION_PATH, SIGNED_IN_LOCATION, sessionCookieHeader, sessionCookieMatches } from './session-cookie';
import { serveRendererFile } from './static-files';

/**
 * Local web mode: the same services as the desktop app, over HTTP and a WebSocket, for a
 * browser on this machine. Listens on 127.0.0.1 only; every /api and /events request
 * needs the run's token (as a bearer token or subprotocol) or the session cookie the printed
 * link exchanged it for (session-cookie.ts), a Host naming this server and, from a browser,
 * our own Origin.
 * There are no CORS headers at all: no other origin may read anything from it.
 */
export interface LocalServerOptions {
  services: Services;
  rendererDir: string;
  /** 0 picks a free port (tests). The app uses a fixed port: a browser keeps its records per origin. */
  port: number;
  /** Minted when absent. */
  token?: string;
  /** Largest request body; a submit of many PDFs should be split below this. */
  maxBodyBytes?: number;
  /** Most bytes buffered for all requests in flight together. Defaults to maxBodyBytes. */
  maxBufferedBytes?: number;
}

export interface LocalServer {
  readonly port: number;
  readonly token: string;
  /** http://127.0.0.1:PORT — what Origin and Host must say. */
  readonly origin: string;
  /**
   * The link to open: /session?token=…, which sets the session cookie and redirects to the
   * token-less app (the token is in no address the tab keeps).
   */
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

const wlog = log.child({ scope: 'web' });

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const token = opts.token ?? mintToken();
  if (!TOKEN_PATTERN.test(token)) throw new Error('The web token must be 32 to 128 URL-safe characters.');
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // One full-size body at a time in all (the web client sends one PDF per call).
  const budget = createBodyBudget(opts.maxBufferedBytes ?? maxBodyBytes);
  const events = createEventSocket(opts.services);
  let port = opts.port;

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, { code: 'ERR_INTERNAL', message: 'Something went wrong.' });
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = pathOf(req.url);
    if (!hostAllowed(req.headers.host, port)) {
      wlog.warn('refused: host', { path: pathKind(pathname) });
      refuse(res, 421, { code: 'ERR_FORBIDDEN', message: 'This server answers only to its own address.' });
      return;
    }
    if (!originAllowed(req.headers.origin, port)) {
      wlog.warn('refused: origin', { path: pathKind(pathname) });
      refuse(res, 403, { code: 'ERR_FORBIDDEN', message: 'Requests from other sites are refused.' });
      return;
    }
    if (pathname === SESSION_PATH) {
      exchangeLinkToken(req, res);
      return;
    }
    if (pathname.startsWith(API_PREFIX)) {
      if (!signedIn(req, bearerToken(req.headers.authorization))) {
        wlog.warn('refused: token', { path: 'api' });
        refuse(res, 401, {
          code: 'ERR_FORBIDDEN',
          message: 'This page is not signed in to SCR Extract. Open the link printed when it started.',
        });
        return;
      }
      await handleApiCall(req, res, pathname, opts.services, { maxBodyBytes, budget });
      return;
    }
    if (pathname === EVENTS_PATH) {
      res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'close' });
      res.end('WebSocket only');
      return;
    }
    serveRendererFile(req, res, pathname, opts.rendererDir, port);
  }

  /** Either credential will do: the token (scripts, older pages) or the cookie the link set. */
  function signedIn(req: IncomingMessage, presentedToken: string | undefined): boolean {
    return tokenMatches(presentedToken, token) || sessionCookieMatches(req.headers.cookie, port, token);
  }

  /**
   * GET /session?token=…: the printed link. A good token sets the cookie; either way the
   * browser is sent on to an address without the token (303: the tab's history keeps only
   * where it lands). A link from an earlier run lands on a page that says so.
   */
  function exchangeLinkToken(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, { code: 'ERR_BAD_REQUEST', message: 'Use GET.' }, { Allow: 'GET, HEAD' });
      return;
    }
    const presented = new URL(req.url ?? '/', 'http://local').searchParams.get('token') ?? undefined;
    const good = tokenMatches(presented, token);
    if (!good) wlog.warn('refused: link token', { path: 'session' });
    res.writeHead(303, {
      Location: good ? SIGNED_IN_LOCATION : REFUSED_LINK_LOCATION,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Length': 0,
      ...(good && { 'Set-Cookie': sessionCookieHeader(port, token) }),
    });
    res.end();
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuseUpgrade = (status: string, why: string) => {
      wlog.warn('refused websocket', { why });
      // Ended and then destroyed: ending alone left the socket half open for as long as the
      // caller kept its side open.
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    };
    if (pathOf(req.url) !== EVENTS_PATH) return refuseUpgrade('404 Not Found', 'path');
    if (!hostAllowed(req.headers.host, port)) return refuseUpgrade('421 Misdirected Request', 'host');
    if (!originAllowed(req.headers.origin, port)) return refuseUpgrade('403 Forbidden', 'origin');
    if (!signedIn(req, webSocketToken(req.headers['sec-websocket-protocol']))) return refuseUpgrade('401 Unauthorized', 'token');
    events.accept(req, socket, head);
  });

  // Slow or idle connections must not hold the server: a local app needs no long waits.
  server.headersTimeout = 20_000;
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: opts.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK}:${port}`;
  wlog.info('web server listening', { port });

  return {
    port,
    token,
    origin,
    url: `${origin}${SESSION_PATH}?token=${token}`,
    async close() {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://local').pathname;
  } catch {
    return '/';
  }
}

/** For refusal logs: which door was knocked on, not the full path (it could name a file). */
function pathKind(pathname: string): string {
  if (pathname.startsWith(API_PREFIX)) return 'api';
  if (pathname === EVENTS_PATH) return 'events';
  return 'static';
}
