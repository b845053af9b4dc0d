import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiCallError, type ApiEvent } from '../../main/core/api/contract';
import { startLocalServer, type LocalServer } from '../../main/server/local-server';
import { followPastedLinks, followSignInLink, linkWasRefused, type AddressPlace } from '../../renderer/src/api/session-token';
import { createWebClient, isNotSignedIn, type WebClient, type WebSocketFactory } from '../../renderer/src/api/web-client';
import { makeServices, type Harness } from './harness';
import { fakeRendererDir } from './http-helpers';

const openSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols) as unknown as ReturnType<WebSocketFactory>;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(opts: { port?: number; token?: string } = {}): Promise<{ h: Harness; server: LocalServer }> {
  const h = makeServices();
  const dirs = fakeRendererDir();
  const server = await startLocalServer({
    services: h.services,
    rendererDir: dirs.rendererDir,
    port: opts.port ?? 0,
    ...(opts.token && { token: opts.token }),
  });
  let closed = false;
  const closeServer = server.close.bind(server);
  const stop = async () => {
    if (closed) return;
    closed = true;
    await closeServer();
    await h.cleanup();
    rmSync(dirs.root, { recursive: true, force: true });
  };
  cleanups.push(stop);
  return { h, server: Object.assign(server, { close: stop }) };
}

function client(server: LocalServer, token: string | null = server.token): WebClient {
  const c = createWebClient({ origin: server.origin, token, fetch, openSocket, reconnect: { firstMs: 20, maxMs: 100 } });
  cleanups.push(() => c.dispose());
  return c;
}

describe('web client: calls', () => {
  it('makes every kind of call over HTTP with the token', async () => {
    const { h, server } = await serve();
    const api = client(server);
    expect(await api.getSessionInfo({})).toEqual({ mode: 'web', userName: 'tester', version: '9.9.9' });
    const bytes = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55]);
    const { jobs } = await api.submitDocuments({ docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes } }] });
    expect(jobs.map((j) => j.id)).toEqual(['d1']);
    const sent = h.engine.submitted[0]!.source;
    expect(sent.kind === 'bytes' && [...sent.bytes]).toEqual([...bytes]);
    expect(await api.cancelJobs({ ids: ['d1'] })).toEqual({ count: 1 });
  });

  it('rejects with an ApiCallError carrying the code', async () => {
    const { server } = await serve();
    const api = client(server);
    const err = await api.cancelJobs({ ids: 'nope' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).code).toBe('ERR_BAD_REQUEST');
  });

  it('says "not signed in" without a token or session cookie, and reports a refused token', async () => {
    const { h, server } = await serve();
    // No token and (in Node) no cookie jar: the call goes out and the server refuses it.
    const none = await client(server, null).listJobs({}).catch((e: unknown) => e);
    expect((none as ApiCallError).code).toBe('ERR_FORBIDDEN');
    expect(isNotSignedIn(none)).toBe(true);
    expect((none as ApiCallError).message).toContain('Open the link that npm start printed');
    const events: ApiEvent[] = [];
    const wrong = client(server, 'w'.repeat(43));
    wrong.onEvent((e) => events.push(e));
    const err = await wrong.listJobs({}).catch((e: unknown) => e);
    expect((err as ApiCallError).code).toBe('ERR_FORBIDDEN');
    expect(events).toContainEqual({ type: 'connection', state: 'unauthorised' });
    expect(h.engine.calls).toEqual([]);
  });

  it('says ERR_OFFLINE when the server is gone', async () => {
    const { server } = await serve();
    const api = client(server);
    await server.close();
    const err = await api.listJobs({}).catch((e: unknown) => e);
    expect((err as ApiCallError).code).toBe('ERR_OFFLINE');
  });

  it('does the browser-only calls in the browser when given them', async () => {
    const { server } = await serve();
    const saved: string[] = [];
    const api = createWebClient({
      origin: server.origin,
      token: server.token,
      fetch,
      openSocket,
      browser: {
        saveCsv: async (r) => {
          saved.push(r.suggestedName);
          return { saved: true, fileName: r.suggestedName };
        },
      },
    });
    expect(await api.saveCsv({ suggestedName: 'x.csv', content: 'a' })).toEqual({ saved: true, fileName: 'x.csv' });
    expect(saved).toEqual(['x.csv']);
    // The native dialog is the desktop's: the page uses its own file inputs instead.
    expect(await api.pickDocuments({}).catch((e: unknown) => (e as ApiCallError).code)).toBe('ERR_UNAVAILABLE');
    api.dispose();
  });
});

describe('web client: events', () => {
  it('delivers engine events and comes back by itself after the server restarts', async () => {
    const token = 't'.repeat(43);
    const first = await serve({ token });
    const port = first.server.port;
    const api = client(first.server);
    const events: ApiEvent[] = [];
    api.onEvent((e) => events.push(e));

    // The socket is open once an event gets through.
    await until(() => {
      first.h.engine.emit({ type: 'removed', jobId: 'before' });
      return events.some((e) => e.type === 'removed');
    }, 'first event');

    await first.server.close();
    await until(() => events.some((e) => e.type === 'connection' && e.state === 'offline'), 'offline');

    const second = await serve({ port, token });
    await until(() => events.some((e) => e.type === 'connection' && e.state === 'online'), 'online');
    second.h.engine.emit({ type: 'removed', jobId: 'after' });
    await until(() => events.some((e) => e.type === 'removed' && e.jobId === 'after'), 'event after restart');
    expect(await api.listJobs({})).toEqual({ jobs: [] });
  });

  it('reports "unauthorised" when the restarted server has a new token', async () => {
    const first = await serve();
    const port = first.server.port;
    const api = client(first.server);
    const events: ApiEvent[] = [];
    api.onEvent((e) => events.push(e));
    await until(() => {
      first.h.engine.emit({ type: 'removed', jobId: 'x' });
      return events.length > 0;
    }, 'first event');
    await first.server.close();
    await serve({ port });
    await until(() => events.some((e) => e.type === 'connection' && e.state === 'unauthorised'), 'unauthorised');
  });
});

describe('web client: the sign-in link in the address', () => {
  function place(hash: string, search = ''): AddressPlace & { url: string | null; replacedWith: string | null; removed: string[] } {
    const p = {
      url: null as string | null,
      replacedWith: null as string | null,
      removed: [] as string[],
      location: {
        hash,
        pathname: '/',
        search,
        replace(url: string) {
          p.replacedWith = url;
        },
      },
      history: {
        replaceState(_d: unknown, _u: string, url?: string | null) {
          p.url = url ?? null;
        },
      },
      sessionStorage: { removeItem: (k: string) => void p.removed.push(k) },
    };
    return p;
  }
  const token = 'A'.repeat(20) + 'b'.repeat(23);

  it('sends a link in the older #token= form to the server to be exchanged, replacing the history entry', () => {
    const p = place(`#token=${token}`);
    expect(followSignInLink(p)).toBe('exchanging');
    expect(p.replacedWith).toBe(`/session?token=${token}`);
    // The token that older versions kept for the tab is cleared.
    expect(p.removed).toEqual(['scr-extract.web-token']);
  });

  it('takes the refused-link mark out of the address and remembers it for the sign-in screen', () => {
    const p = place('#/inbox', '?link=refused');
    expect(followSignInLink(p)).toBe('refused');
    expect(p.url).toBe('/#/inbox');
    expect(linkWasRefused()).toBe(true);
  });

  it('leaves an address with nothing to follow alone', () => {
    const p = place('#/review/abc');
    expect(followSignInLink(p)).toBe('none');
    expect(p.url).toBeNull();
    expect(p.replacedWith).toBeNull();
    expect(followSignInLink(place('#token=short'))).toBe('none');
  });

  it('follows a #token= link pasted into a tab that is already open', () => {
    const p = place('#/inbox');
    const listeners: (() => void)[] = [];
    followPastedLinks({ ...p, addEventListener: (_type, l) => void listeners.push(l) });
    expect(p.replacedWith).toBeNull();
    p.location.hash = `#token=${token}`;
    for (const l of listeners) l();
    expect(p.replacedWith).toBe(`/session?token=${token}`);
  });
});
