import { readFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { SECURITY_HEADERS, contentSecurityPolicy, contentTypeFor, resolveRendererFile } from '../services/renderer-assets';

/**
 * The renderer is served from app://scr/…, not file://. A file:// page could read any
 * file the user can; an app:// page can reach only dist/renderer, through the handler
 * below, and carries the strict CSP as a response header on every file.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'scr';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: real origins and relative URLs; secure: a secure context, which WebCrypto
 * (encryption at rest) requires; supportFetchAPI and corsEnabled: pdf.js fetches its
 * fonts, and ES module scripts and workers load in CORS mode. Never bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/** For protocol.handle: files under `rendererDir` only, read-only, with the CSP header. */
export function createAppProtocolHandler(rendererDir: string, csp: string = contentSecurityPolicy()) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    if (!isAppUrl(request.url)) return plain(404, 'Not found');
    const file = resolveRendererFile(rendererDir, new URL(request.url).pathname);
    if (!file) return plain(404, 'Not found');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await readFile(file));
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file),
        'Content-Length': String(body.byteLength),
        'Content-Security-Policy': csp,
        ...SECURITY_HEADERS,
      },
    });
  };
}
