import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../main/core/api/contract';
import { startLocalServer, type LocalServer } from '../../main/server/local-server';
import { sessionCookieName } from '../../main/server/session-cookie';
import { makeServices, type Harness } from './harness';
import { fakeRendererDir, rawRequest, type RawResponse } from './http-helpers';

/**
 * Web mode's sign-in: the printed link's token is exchanged for an HttpOnly, SameSite=Strict
 * cookie and the browser is sent on to a token-less address; the API and the WebSocket accept
 * that cookie, and every Host and Origin check still applies to it.
 */
let h: Harness;
let server: LocalServer;
let dirs: { root: string; rendererDir: string };

beforeEach(async () => {
  h = makeServices();
  dirs = fakeRendererDir();
  server = await startLocalServer({ services: h.services, rendererDir: dirs.rendererDir, port: 0 });
});

afterEach(async () => {
  await server.close();
  await h.cleanup();
  rmSync(dirs.root, { recursive: true, force: true });
});

const linkPath = () => new URL(server.url).pathname + new URL(server.url).search;

/** Follows the printed link as a browser would, and returns the cookie it was given ("name=value"). */
async function signIn(): Promise<string> {
  const res = await rawRequest({ port: server.port, path: linkPath() });
  const set = res.headers['set-cookie'];
  expect(set, 'the link set no cookie').toBeDefined();
  return String(set![0]).split(';')[0]!;
}

const call = (channel: string, headers: Record<string, string>): Promise<RawResponse> =>
  rawRequest({ port: server.port, method: 'POST', path: `/api/${channel}`, headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

function socketStatus(headers: Record<string, string>, protocols = ['scr-events']): Promise<{ status: number; ws: WebSocket }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, protocols, { headers });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.on('error', () => undefined);
  });
}

describe('web sign-in: the printed link', () => {
  it('is /session with the token, which sets an HttpOnly SameSite=Strict cookie and redirects to a token-less address', async () => {
    expect(server.url).toBe(`${server.origin}/session?token=${server.token}`);
    const res = await rawRequest({ port: server.port, path: linkPath() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['cache-control']).toBe('no-store');
    const cookies = res.headers['set-cookie'] as string[];
    expect(cookies).toHaveLength(1);
    const attributes = cookies[0]!.split(';').map((a) => a.trim());
    expect(attributes[0]).toMatch(new RegExp(`^${sessionCookieName(server.port)}=[A-Za-z0-9_-]{43}$`));
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    // Not the token itself, and no Secure flag (plain http on loopback would never send it back).
    expect(cookies[0]).not.toContain(server.token);
  });

  it('refuses a wrong or earlier token: no cookie, and a redirect to a page that says so', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    for (const path of [`/session?token=${wrong}`, '/session', '/session?token=']) {
      const res = await rawRequest({ port: server.port, path });
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toBe('/?link=refused');
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
  });

  it('is refused from another Host or Origin, and to anything but GET', async () => {
    const host = await rawRequest({ port: server.port, path: linkPath(), headers: { Host: `evil.example:${server.port}` } });
    expect(host.status).toBe(421);
    expect(host.headers['set-cookie']).toBeUndefined();
    const origin = await rawRequest({ port: server.port, path: linkPath(), headers: { Origin: 'https://evil.example' } });
    expect(origin.status).toBe(403);
    expect(origin.headers['set-cookie']).toBeUndefined();
    const post = await rawRequest({ port: server.port, method: 'POST', path: linkPath() });
    expect(post.status).toBe(405);
    expect(post.headers['set-cookie']).toBeUndefined();
  });
});

describe('web sign-in: the cookie on the API', () => {
  it('answers a call that carries only the cookie', async () => {
    const cookie = await signIn();
    const res = await call('getSessionInfo', { Cookie: cookie, Origin: server.origin });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, value: { mode: 'web', userName: 'tester', version: '9.9.9' } });
  });

  it('still answers the bearer token (scripts, and pages that send it)', async () => {
    const res = await call('getSessionInfo', { Authorization: `Bearer ${server.token}` });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong cookie, the token as a cookie, a cookie from an earlier run and a doubled cookie', async () => {
    const good = await signIn();
    const name = sessionCookieName(server.port);
    const value = good.split('=')[1]!;
    const altered = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    // An earlier run on the same port: another token, so another cookie.
    const earlier = await startLocalServer({ services: h.services, rendererDir: dirs.rendererDir, port: 0 });
    const earlierLink = new URL(earlier.url);
    const earlierRes = await rawRequest({ port: earlier.port, path: earlierLink.pathname + earlierLink.search });
    const earlierValue = String((earlierRes.headers['set-cookie'] as string[])[0]).split(';')[0]!.split('=')[1]!;
    await earlier.close();
    for (const cookie of [`${name}=${altered}`, `${name}=${server.token}`, `${name}=${earlierValue}`, `${good}; ${good}`, `${name}=`]) {
      const res = await call('listJobs', { Cookie: cookie });
      expect(res.status, cookie).toBe(401);
    }
    // Another port's cookie name: browsers share cookies across ports, the name keeps them apart.
    const res = await call('listJobs', { Cookie: `${sessionCookieName(server.port + 1)}=${value}` });
    expect(res.status).toBe(401);
    expect(h.engine.calls).toEqual([]);
  });

  it('refuses a foreign Origin or Host even with the cookie', async () => {
    const cookie = await signIn();
    expect((await call('listJobs', { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('listJobs', { Cookie: cookie, Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await call('listJobs', { Cookie: cookie, Host: `evil.example:${server.port}` })).status).toBe(421);
    expect(h.engine.calls).toEqual([]);
  });
});

describe('web sign-in: the cookie on the WebSocket', () => {
  it('opens the event socket with the cookie and no token, and delivers events', async () => {
    const cookie = await signIn();
    const { status, ws } = await socketStatus({ Cookie: cookie, Origin: server.origin });
    expect(status).toBe(101);
    const got = new Promise<ApiEvent>((resolve) => ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ApiEvent)));
    h.engine.emit({ type: 'removed', jobId: 'j1' });
    expect(await got).toEqual({ type: 'removed', jobId: 'j1' });
    ws.close();
  });

  it('refuses the socket without a cookie or token, with a wrong cookie, or from a foreign Origin', async () => {
    const cookie = await signIn();
    const name = sessionCookieName(server.port);
    expect((await socketStatus({ Origin: server.origin })).status).toBe(401);
    expect((await socketStatus({ Cookie: `${name}=${'x'.repeat(43)}`, Origin: server.origin })).status).toBe(401);
    expect((await socketStatus({ Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await socketStatus({ Cookie: cookie, Host: `evil.example:${server.port}` })).status).toBe(421);
  });
});
