import { afterAll, beforeAll } from 'vitest';
import { openApp } from './app';
import { openBrowser, type BrowserSession } from './browser';
import { freePort, startServer, type RunningServer } from './server';

export interface AppInBrowser {
  readonly server: RunningServer;
  readonly session: BrowserSession;
}

/**
 * One local web-mode server and one Chromium with the app open (past its passphrase gate)
 * for the whole file, closed after it. Hooks registered later in the file run after this
 * one's, so they can build on an open app.
 */
export function useAppInBrowser(): AppInBrowser {
  let server: RunningServer | undefined;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    server = await startServer({ port: await freePort() });
    session = await openBrowser();
    await openApp(session.page, server.url);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get session() {
      if (!session) throw new Error('the browser opens in beforeAll');
      return session;
    },
  };
}
