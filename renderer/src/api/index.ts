import type { ScrApi } from '../../../main/core/api/contract';
import { createBrowserFiles } from './browser-files';
import { wrapDesktopBridge } from './desktop-client';
import { followPastedLinks, followSignInLink, type LinkOutcome } from './session-token';
import { createWebClient, type WebSocketFactory } from './web-client';

/**
 * The renderer's only way to main. In the desktop app preload has put the bridge on
 * window.scrApi; in local web mode the same calls go over HTTP and a WebSocket to the
 * server that served this page. Either way every call rejects with an ApiCallError.
 */
// From failure.ts itself, not contract.ts: that brings the channel table and zod with it.
export { ApiCallError, isApiFailureCode, type ApiFailureCode } from '../../../main/core/api/failure';
export { isNotSignedIn } from './web-client';
export { linkWasRefused } from './session-token';

declare global {
  interface Window {
    /** Set by preload in the desktop app; absent in a browser. */
    scrApi?: ScrApi;
  }
}

let api: ScrApi | null = null;

export function getApi(): ScrApi {
  api ??= window.scrApi ? wrapDesktopBridge(window.scrApi) : webApi();
  return api;
}

/**
 * Web mode, before anything is shown: follows a sign-in link in the address (and any pasted
 * into this tab later). 'exchanging': the page is leaving for the server's sign-in.
 */
export function startWebSession(): LinkOutcome {
  if (window.scrApi) return 'none';
  const outcome = followSignInLink(window);
  followPastedLinks(window);
  return outcome;
}

/** 'desktop' when preload is present; known before the first call completes. */
export function bridgeMode(): 'desktop' | 'web' {
  return window.scrApi ? 'desktop' : 'web';
}

function webApi(): ScrApi {
  const openSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols) as unknown as ReturnType<WebSocketFactory>;
  return createWebClient({
    origin: window.location.origin,
    // Signed in by the HttpOnly session cookie: this page never holds the token.
    token: null,
    fetch: window.fetch.bind(window),
    openSocket,
    browser: createBrowserFiles(document),
  });
}
