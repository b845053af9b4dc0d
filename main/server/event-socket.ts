import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../services/services';
import { EVENTS_PROTOCOL } from './request-guard';

/**
 * GET /events (WebSocket): the engine's events, one JSON text message each. Upgrades
 * reach this only after the Host, Origin and token checks in local-server.ts.
 */
export const EVENTS_PATH = '/events';

const HEARTBEAT_MS = 30_000;

export interface EventSocket {
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly clients: number;
  close(): void;
}

export function createEventSocket(services: Services): EventSocket {
  const wss = new WebSocketServer({
    noServer: true,
    // Events flow one way; a client has nothing large to say.
    maxPayload: 4 * 1024,
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    const unsubscribe = services.subscribe((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
  });

  // Drops clients that vanished without closing (a suspended laptop), so their
  // subscriptions do not pile up.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    get clients() {
      return wss.clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'server stopping');
      wss.close();
    },
  };
}
