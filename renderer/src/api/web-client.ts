import type { ApiEvent, Channel, ScrApi } from '../../../main/core/api/contract';
// The names and failures on their own: contract.ts would bring the zod channel table into the first script.
import { CHANNEL_NAMES as CHANNELS } from '../../../main/core/api/channel-names';
import { ApiCallError, fromApiFailure, type CallOutcome } from '../../../main/core/api/failure';
import { FRAME_CONTENT_TYPE, containsBytes, decodeFrame, encodeFrame } from '../../../main/core/api/wire';

/**
 * The bridge over HTTP and a WebSocket, for local web mode: the same ScrApi the desktop
 * preload gives, against main/server. Calls are POST /api/<channel>, signed in by the
 * session cookie the printed link set (session-token.ts), or by a token given here (tests,
 * scripts) as a bearer token; PDF bytes travel in a binary frame, not as JSON numbers.
 * Events come over /events and the socket comes back by itself after the server restarts.
 */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

/**
 * What only the browser can do in web mode: its downloads. (Files are chosen with the page's
 * own inputs, which hand over the bytes in hand; main's pickDocuments is the desktop dialog.)
 */
export interface BrowserFiles {
  saveCsv: ScrApi['saveCsv'];
}

export interface WebClientOptions {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Null: the browser's session cookie signs the calls in (the page never sees it). */
  token: string | null;
  fetch: typeof fetch;
  openSocket: WebSocketFactory;
  browser?: BrowserFiles;
  /** Reconnect delays: doubling from `firstMs` up to `maxMs`. */
  reconnect?: { firstMs: number; maxMs: number };
}

export interface WebClient extends ScrApi {
  /** Closes the event socket for good (tests, page unload). */
  dispose(): void;
}

export const EVENTS_PROTOCOL = 'scr-events';
export const TOKEN_PROTOCOL_PREFIX = 'scr-token.';

const NOT_SIGNED_IN =
  'This page is not signed in to SCR Extract. Open the link that npm start printed when SCR Extract started.';

/** The server did not accept this page's sign-in (no cookie, or one from an earlier run). */
export class NotSignedInError extends ApiCallError {
  constructor() {
    super('ERR_FORBIDDEN', NOT_SIGNED_IN);
    this.name = 'NotSignedInError';
  }
}

export function isNotSignedIn(err: unknown): boolean {
  return err instanceof NotSignedInError;
}

type Listener = (event: ApiEvent) => void;

export function createWebClient(opts: WebClientOptions): WebClient {
  const listeners = new Set<Listener>();
  const delays = opts.reconnect ?? { firstMs: 500, maxMs: 10_000 };
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let delay = delays.firstMs;
  let disposed = false;
  let dropped = false;
  let lastState: 'online' | 'offline' | 'unauthorised' | null = null;

  const emit = (event: ApiEvent) => {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // One screen's listener failing must not stop the others hearing.
      }
    }
  };
  const announce = (state: 'online' | 'offline' | 'unauthorised') => {
    if (state === lastState) return;
    lastState = state;
    emit({ type: 'connection', state });
  };

  async function call(channel: Channel, payload: unknown): Promise<unknown> {
    const binary = containsBytes(payload);
    let res: Response;
    try {
      res = await opts.fetch(`${opts.origin}/api/${channel}`, {
        method: 'POST',
        headers: {
          ...(opts.token && { Authorization: `Bearer ${opts.token}` }),
          'Content-Type': binary ? FRAME_CONTENT_TYPE : 'application/json',
        },
        body: binary ? encodeFrame(payload) : JSON.stringify(payload ?? {}),
        // The session cookie: same origin only (and SameSite=Strict on the server's side).
        credentials: 'same-origin',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiCallError('ERR_OFFLINE');
    }
    if (res.status === 401) {
      announce('unauthorised');
      throw new NotSignedInError();
    }
    let outcome: CallOutcome<unknown>;
    try {
      const type = res.headers.get('content-type') ?? '';
      outcome = (
        type.startsWith(FRAME_CONTENT_TYPE) ? decodeFrame(new Uint8Array(await res.arrayBuffer())) : await res.json()
      ) as CallOutcome<unknown>;
    } catch {
      throw new ApiCallError('ERR_INTERNAL');
    }
    if (outcome && outcome.ok === true) return outcome.value;
    throw fromApiFailure(outcome?.error);
  }

  function scheduleReconnect(): void {
    if (disposed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
    delay = Math.min(delay * 2, delays.maxMs);
  }

  function connect(): void {
    if (disposed || socket) return;
    const url = `${opts.origin.replace(/^http/, 'ws')}/events`;
    let ws: WebSocketLike;
    try {
      // Without a token the browser's session cookie goes with the handshake.
      ws = opts.openSocket(url, opts.token ? [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${opts.token}`] : [EVENTS_PROTOCOL]);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      delay = delays.firstMs;
      // After a drop the renderer refetches: events sent while it was away are lost.
      if (dropped) announce('online');
      else lastState = 'online';
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let event: ApiEvent;
      try {
        event = JSON.parse(ev.data) as ApiEvent;
      } catch {
        return;
      }
      emit(event);
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (disposed) return;
      dropped = true;
      if (lastState === 'online') announce('offline');
      // A browser does not say why a WebSocket was refused: ask over HTTP whether the
      // token is still accepted, so a restarted server can be told from a stopped one.
      void call('getSessionInfo', {}).catch(() => undefined);
      scheduleReconnect();
    };
  }

  const api = {} as Record<Channel, (request: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) api[channel] = (request) => call(channel, request);
  if (opts.browser) {
    const { saveCsv } = opts.browser;
    api.saveCsv = (request) => saveCsv(request as Parameters<ScrApi['saveCsv']>[0]);
  }

  return {
    ...(api as unknown as Omit<ScrApi, 'onEvent'>),
    onEvent(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      socket?.close(1000, 'closed');
      socket = null;
    },
  };
}
