import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../main/server/local-server';
import { makeServices, type Harness } from './harness';
import { fakeRendererDir } from './http-helpers';

/**
 * Issue 13, item 9, re-run with real sockets: a refused request kept its connection open
 * until the 10-minute request timeout (the server read and dropped whatever the caller
 * sent), and the body limit held per request but not across them (4 × 250 MB took the
 * server to 2 GB). Every check (token, Origin, Host, WebSocket) still refuses as before.
 */
const MAX_BODY = 1024 * 1024;
const MAX_BUFFERED = 1.5 * 1024 * 1024;
/** Far below the 10-minute request timeout a kept socket would wait for. */
const CLOSE_DEADLINE_MS = 5_000;

let h: Harness;
let server: LocalServer;
let dirs: { root: string; rendererDir: string };
const sockets: Socket[] = [];

beforeEach(async () => {
  h = makeServices();
  dirs = fakeRendererDir();
  server = await startLocalServer({ services: h.services, rendererDir: dirs.rendererDir, port: 0, maxBodyBytes: MAX_BODY, maxBufferedBytes: MAX_BUFFERED });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server.close();
  await h.cleanup();
  rmSync(dirs.root, { recursive: true, force: true });
});

interface Conn {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once the server has both answered and closed the connection for good. */
  closedByServer(): Promise<boolean>;
}

/**
 * A caller that keeps its own side open (allowHalfOpen), as a hostile one would: the
 * connection counts as closed by the server only when writing to it fails or it closes.
 */
function open(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    sockets.push(socket);
    let data = '';
    let gone = false;
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('error', () => (gone = true));
    socket.on('close', () => (gone = true));
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        closedByServer: () =>
          new Promise((done) => {
            const deadline = setTimeout(() => {
              clearInterval(poke);
              done(false);
            }, CLOSE_DEADLINE_MS);
            // Keep sending: a socket the server destroyed answers with a reset.
            const poke = setInterval(() => {
              if (gone) {
                clearInterval(poke);
                clearTimeout(deadline);
                done(true);
                return;
              }
              if (!socket.destroyed) socket.write('x'.repeat(1024));
            }, 25);
          }),
      }),
    );
    socket.once('error', reject);
  });
}

function head(lines: string[]): string {
  return lines.join('\r\n') + '\r\n\r\n';
}

const hostLine = () => `Host: 127.0.0.1:${server.port}`;

async function statusOf(conn: Conn): Promise<number> {
  for (let i = 0; i < 200 && !/^HTTP\/1\.1 \d{3}/.test(conn.received()); i++) await new Promise((r) => setTimeout(r, 10));
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(conn.received())?.[1] ?? 0);
}

describe('a refused request closes its connection at once', () => {
  const refusals: [string, () => string[], number][] = [
    ['no token, a 10 MB upload begun', () => ['POST /api/listJobs HTTP/1.1', hostLine(), 'Content-Type: application/json', 'Content-Length: 10000000'], 401],
    ['the wrong token', () => ['POST /api/listJobs HTTP/1.1', hostLine(), 'Authorization: Bearer ' + 'A'.repeat(43), 'Content-Type: application/json', 'Content-Length: 5000'], 401],
    ['a foreign Host', () => ['POST /api/listJobs HTTP/1.1', 'Host: evil.example:80', `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', 'Content-Length: 5000'], 421],
    ['a foreign Origin', () => ['POST /api/listJobs HTTP/1.1', hostLine(), 'Origin: http://evil.example', `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', 'Content-Length: 5000'], 403],
    ['a declared body over the limit', () => ['POST /api/listJobs HTTP/1.1', hostLine(), `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', `Content-Length: ${MAX_BODY + 1}`], 413],
    ['an unknown channel', () => ['POST /api/deleteEverything HTTP/1.1', hostLine(), `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', 'Content-Length: 5000'], 404],
    ['a form content type', () => ['POST /api/listJobs HTTP/1.1', hostLine(), `Authorization: Bearer ${server.token}`, 'Content-Type: text/plain', 'Content-Length: 5000'], 415],
    ['a POST to a static file', () => ['POST /index.html HTTP/1.1', hostLine(), 'Content-Type: application/json', 'Content-Length: 5000'], 405],
  ];

  for (const [name, lines, status] of refusals) {
    it(`${name}: ${status}, then the server closes the socket`, async () => {
      const conn = await open(server.port);
      // Headers and the start of a body the caller never finishes.
      conn.socket.write(head(lines()) + '{"x":"');
      expect(await statusOf(conn)).toBe(status);
      expect(conn.received()).toMatch(/\r\nconnection: close\r\n/i);
      // Before the fix the socket stayed open, reading and dropping the upload.
      expect(await conn.closedByServer()).toBe(true);
    });
  }

  it('a refused WebSocket (wrong token) is closed even while the caller keeps its side open', async () => {
    const conn = await open(server.port);
    conn.socket.write(
      head([
        'GET /events HTTP/1.1',
        hostLine(),
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol: scr-events, scr-token.' + 'B'.repeat(43),
      ]),
    );
    expect(await statusOf(conn)).toBe(401);
    expect(await conn.closedByServer()).toBe(true);
  });

  it('an accepted call keeps its connection for the next one (keep-alive untouched)', async () => {
    const conn = await open(server.port);
    const call = head(['POST /api/listJobs HTTP/1.1', hostLine(), `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', 'Content-Length: 2']) + '{}';
    conn.socket.write(call);
    expect(await statusOf(conn)).toBe(200);
    conn.socket.write(call);
    for (let i = 0; i < 200 && (conn.received().match(/HTTP\/1\.1 200/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect((conn.received().match(/HTTP\/1\.1 200/g) ?? []).length).toBe(2);
  });
});

describe('request bodies are limited across requests, not only per request', () => {
  const upload = (length: number, extra: string[] = []) =>
    head(['POST /api/listJobs HTTP/1.1', hostLine(), `Authorization: Bearer ${server.token}`, 'Content-Type: application/json', ...extra, ...(length >= 0 ? [`Content-Length: ${length}`] : [])]);

  it('four near-limit uploads at once: the first is buffered, the rest are refused 503 and closed until it is done', async () => {
    const size = MAX_BODY - 10;
    const body = '{}' + ' '.repeat(size - 2);
    const conns = await Promise.all([0, 1, 2, 3].map(() => open(server.port)));
    // The first declares its size and sends half; the others follow while it is held.
    conns[0]!.socket.write(upload(size) + body.slice(0, size / 2));
    await new Promise((r) => setTimeout(r, 100));
    for (const c of conns.slice(1)) c.socket.write(upload(size) + body.slice(0, 1000));
    for (const c of conns.slice(1)) {
      expect(await statusOf(c)).toBe(503);
      expect(c.received()).toContain('ERR_UNAVAILABLE');
      expect(await c.closedByServer()).toBe(true);
    }
    // The first finishes and is answered; its share goes back.
    conns[0]!.socket.write(body.slice(size / 2));
    expect(await statusOf(conns[0]!)).toBe(200);
    const next = await open(server.port);
    next.socket.write(upload(size) + body);
    expect(await statusOf(next)).toBe(200);
  });

  it('a chunked upload (no Content-Length) is counted as it arrives and refused once the budget is spent', async () => {
    const holder = await open(server.port);
    const size = MAX_BODY - 10;
    holder.socket.write(upload(size) + '{}');
    await new Promise((r) => setTimeout(r, 100));
    const chunked = await open(server.port);
    chunked.socket.write(upload(-1, ['Transfer-Encoding: chunked']));
    // 64 KB chunks until the server says no: the budget leaves about 0.5 MB for it.
    const chunk = ' '.repeat(64 * 1024);
    for (let i = 0; i < 40 && !/^HTTP/.test(chunked.received()); i++) {
      chunked.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await statusOf(chunked)).toBe(503);
    expect(await chunked.closedByServer()).toBe(true);
  });

  it('a caller that vanishes mid-upload gives its share back', async () => {
    const size = MAX_BODY - 10;
    const quitter = await open(server.port);
    quitter.socket.write(upload(size) + '{}');
    await new Promise((r) => setTimeout(r, 100));
    quitter.socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const next = await open(server.port);
    next.socket.write(upload(size) + '{}' + ' '.repeat(size - 2));
    expect(await statusOf(next)).toBe(200);
  });
});
