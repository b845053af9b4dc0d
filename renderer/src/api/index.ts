import type { ScrApi } from '../../../main/core/api/contract';
import { createBrowserFiles } from './browser-files';
import { wrapDesktopBridge } from './desktop-client';
import { takeSessionToken } from './session-token';
import { createWebClient, type WebSocketFactory } from './web-client';

/**
 * The renderer's only way to main. In the desktop app preload has put the bridge on
 * window.scrApi; in local web mode the same calls go over HTTP and a WebSocket to the
 * server that served this page. Either way every call rejects with an ApiCallError.
 */
export { ApiCallError, isApiFailureCode, type ApiFailureCode } from '../../../main/core/api/contract';

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

/** 'desktop' when preload is present; known before the first call completes. */
export function bridgeMode(): 'desktop' | 'web' {
  return window.scrApi ? 'desktop' : 'web';
}

function webApi(): ScrApi {
  const token = takeSessionToken(window);
  const openSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols) as unknown as ReturnType<WebSocketFactory>;
  return createWebClient({
    origin: window.location.origin,
    token,
    fetch: window.fetch.bind(window),
    openSocket,
    browser: createBrowserFiles(document),
  });
}
