import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../main/core/api/contract';
import { FRAME_CONTENT_TYPE, decodeFrame, encodeFrame } from '../../main/core/api/wire';
import { startLocalServer, type LocalServer } from '../../main/server/local-server';
import { makeServices, type Harness } from './harness';
import { fakeRendererDir, rawRequest } from './http-helpers';

let h: Harness;
let server: LocalServer;
let dirs: { root: string; rendererDir: string };

beforeEach(async () => {
  h = makeServices();
  dirs = fakeRendererDir();
  server = await startLocalServer({ services: h.services, rendererDir: dirs.rendererDir, port: 0, maxBodyBytes: 1024 * 1024 });
});

afterEach(async () => {
  await server.close();
  await h.cleanup();
  rmSync(dirs.root, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });
const api = (path: string, headers: Record<string, string>, body = '{}') =>
  rawRequest({ port: server.port, method: 'POST', path, headers, body });

function openSocket(opts: { protocols?: string[]; headers?: Record<string, string> } = {}): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/events`, opts.protocols ?? ['scr-events', `scr-token.${server.token}`], {
    headers: opts.headers ?? {},
  });
}

/** The HTTP status a refused WebSocket handshake got, or 101 if it was accepted. */
function handshakeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('local server: where it listens', () => {
  it('binds to 127.0.0.1 only', async () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/session?token=${server.token}`);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    // Every other address of this machine, and another loopback address (Linux routes all of 127/8 to lo).
    const targets = [...others, ...(process.platform === 'linux' ? ['127.0.0.2'] : [])];
    expect(targets.length).toBeGreaterThan(0);
    for (const host of targets) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host, port: server.port });
        s.on('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      expect(refused, `reachable on ${host}`).toBe(true);
    }
  });

  it('mints a long random token per run', async () => {
    const other = await startLocalServer({ services: h.services, rendererDir: dirs.rendererDir, port: 0 });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.token).not.toBe(server.token);
    await other.close();
  });
});

describe('local server: API refusals', () => {
  it('answers a call that carries the token', async () => {
    const res = await api('/api/getSessionInfo', auth());
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, value: { mode: 'web', userName: 'tester', version: '9.9.9' } });
  });

  it('refuses a call without the token', async () => {
    const res = await api('/api/listJobs', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'ERR_FORBIDDEN' } });
    expect(h.engine.calls).toEqual([]);
  });

  it('refuses a call with the wrong token', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    const res = await api('/api/listJobs', { ...auth(), Authorization: `Bearer ${wrong}` });
    expect(res.status).toBe(401);
  });

  it('refuses the token offered any other way (query string, cookie)', async () => {
    const q = await api(`/api/listJobs?token=${server.token}`, { 'Content-Type': 'application/json' });
    const c = await api('/api/listJobs', { 'Content-Type': 'application/json', Cookie: `token=${server.token}` });
    expect([q.status, c.status]).toEqual([401, 401]);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const res = await api('/api/listJobs', { ...auth(), Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const sameHostOtherPort = await api('/api/listJobs', { ...auth(), Origin: `http://127.0.0.1:${server.port + 1}` });
    expect(sameHostOtherPort.status).toBe(403);
    expect(h.engine.calls).toEqual([]);
  });

  it('accepts its own Origin', async () => {
    const res = await api('/api/listJobs', { ...auth(), Origin: server.origin });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) on the API and on static files', async () => {
    const res = await api('/api/listJobs', { ...auth(), Host: `evil.example:${server.port}` });
    expect(res.status).toBe(421);
    const page = await rawRequest({ port: server.port, path: '/', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(421);
    expect(page.body.toString()).not.toContain('SCR Extract</title>');
  });

  it('sends no CORS headers and answers no preflight', async () => {
    const preflight = await rawRequest({
      port: server.port,
      method: 'OPTIONS',
      path: '/api/listJobs',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    for (const res of [preflight, await api('/api/listJobs', auth()), await rawRequest({ port: server.port, path: '/' })]) {
      expect(Object.keys(res.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses simple (form-like) content types, which a foreign page could send without a preflight', async () => {
    const res = await api('/api/listJobs', { ...auth(), 'Content-Type': 'text/plain' }, '{}');
    expect(res.status).toBe(415);
  });

  it('refuses a bad payload with 400 and an unknown channel with 404', async () => {
    expect((await api('/api/cancelJobs', auth(), '{"ids":"x"}')).status).toBe(400);
    expect((await api('/api/cancelJobs', auth(), '{not json')).status).toBe(400);
    expect((await api('/api/deleteEverything', auth())).status).toBe(404);
    expect((await rawRequest({ port: server.port, path: '/api/listJobs', headers: auth() })).status).toBe(405);
  });

  it('refuses a body over the limit', async () => {
    const res = await api('/api/listJobs', auth(), 'x'.repeat(1024 * 1024 + 1));
    expect(res.status).toBe(413);
  });
});

describe('local server: PDF bytes', () => {
  it('carries submitDocuments as a binary frame, byte for byte', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
    const frame = encodeFrame({
      docs: [
        { id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes } },
        { id: 'd2', name: 'b.pdf', source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) } },
      ],
    });
    // Raw bytes plus a little JSON: nothing like the 3–4× of a JSON number array.
    expect(frame.byteLength).toBeLessThan(bytes.byteLength + 400);
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/api/submitDocuments',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': FRAME_CONTENT_TYPE },
      body: frame,
    });
    expect(res.status).toBe(200);
    expect((res.json() as { value: { jobs: unknown[] } }).value.jobs).toHaveLength(2);
    const got = h.engine.submitted.map((d) => (d.source.kind === 'bytes' ? Buffer.from(d.source.bytes) : null));
    expect(got[0]!.equals(Buffer.from(bytes))).toBe(true);
    expect([...got[1]!]).toEqual([1, 2, 3]);
  });

  it('refuses PDF bytes sent as a JSON number array', async () => {
    const res = await api('/api/submitDocuments', auth(), JSON.stringify({ docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes: [37, 80, 68, 70] } }] }));
    expect(res.status).toBe(400);
    expect(h.engine.submitted).toEqual([]);
  });

  it('refuses a frame whose byte references point outside it', async () => {
    const frame = encodeFrame({ docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) } }] });
    const cut = frame.subarray(0, frame.byteLength - 2);
    expect(() => decodeFrame(cut)).toThrow();
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/api/submitDocuments',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': FRAME_CONTENT_TYPE },
      body: cut,
    });
    expect(res.status).toBe(400);
  });
});

describe('local server: WebSocket events', () => {
  it('streams engine events to a client with the token', async () => {
    const ws = openSocket({ headers: { Origin: server.origin } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('scr-events');
    const got = new Promise<ApiEvent>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ApiEvent)));
    h.engine.emit({ type: 'removed', jobId: 'j1' });
    expect(await got).toEqual({ type: 'removed', jobId: 'j1' });
    ws.close();
  });

  it('refuses a WebSocket without the token', async () => {
    expect(await handshakeStatus(openSocket({ protocols: ['scr-events'] }))).toBe(401);
  });

  it('refuses a WebSocket with the wrong token', async () => {
    expect(await handshakeStatus(openSocket({ protocols: ['scr-events', 'scr-token.' + 'x'.repeat(43)] }))).toBe(401);
  });

  it('refuses a WebSocket from a foreign Origin', async () => {
    expect(await handshakeStatus(openSocket({ headers: { Origin: 'https://evil.example' } }))).toBe(403);
  });

  it('refuses a WebSocket naming a foreign Host', async () => {
    expect(await handshakeStatus(openSocket({ headers: { Host: `evil.example:${server.port}` } }))).toBe(421);
  });

  it('refuses a WebSocket on any other path', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/listJobs`, ['scr-events', `scr-token.${server.token}`]);
    expect(await handshakeStatus(ws)).toBe(404);
  });
});

describe('local server: the built renderer', () => {
  it('serves index.html with the strict CSP and no-referrer', async () => {
    const res = await rawRequest({ port: server.port, path: '/' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:\/\//);
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const js = await rawRequest({ port: server.port, path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html'])(
    'refuses the path %s',
    async (path) => {
      const res = await rawRequest({ port: server.port, path });
      expect(res.body.toString()).not.toContain('TOP SECRET');
      expect([400, 404]).toContain(res.status);
    },
  );

  it("lets the browser keep the build's content-hashed files, and nothing else", async () => {
    writeFileSync(join(dirs.rendererDir, 'assets', 'index-DZb2iMJk.js'), 'console.log("hashed")');
    const hashed = await rawRequest({ port: server.port, path: '/assets/index-DZb2iMJk.js' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(hashed.headers['content-security-policy']).toContain("default-src 'none'");
    // The page itself, and a file without a hash in its name, are fetched afresh every time.
    for (const path of ['/', '/index.html', '/assets/app.js']) expect((await rawRequest({ port: server.port, path })).headers['cache-control']).toBe('no-store');
    // A missing file is not kept either.
    expect((await rawRequest({ port: server.port, path: '/assets/index-AAAAAAAA.js' })).headers['cache-control']).toBe('no-store');
  });

  it('accepts only GET and HEAD for files', async () => {
    expect((await rawRequest({ port: server.port, path: '/index.html', method: 'PUT', body: 'x' })).status).toBe(405);
  });
});
