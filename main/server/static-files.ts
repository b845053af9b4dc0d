import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS, contentSecurityPolicy, contentTypeFor, resolveRendererFile } from '../services/renderer-assets';

/**
 * The build's scripts, styles and images: the bundler names each after a hash of its
 * contents (index-DZb2iMJk.js), so a name never serves other bytes and this browser may keep
 * them. An app start then reads them from its cache and runs the scripts from their compiled
 * code (the desktop app's app:// scheme has its code cache too), instead of fetching and
 * compiling ~700 KB each time. Private: for this browser only. index.html (and anything
 * else) stays no-store, so a new build is picked up at the next load.
 */
const IMMUTABLE = 'private, max-age=31536000, immutable';
const BUILD_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export function isBuildAsset(pathname: string): boolean {
  return BUILD_ASSET.test(pathname);
}

/**
 * The built renderer. These files are the same for everyone and hold no patient data;
 * the token guards /api and /events, where the data is. A browser cannot send a URL
 * fragment, so the first page load carries no token: the page reads it from #token=….
 */
export function serveRendererFile(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rendererDir: string,
  port: number,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // Closed after the answer, like every refusal: a body sent with it is not read.
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end('Method not allowed');
    return;
  }
  const file = resolveRendererFile(rendererDir, pathname);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Not found');
    return;
  }
  const { size } = statSync(file);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': size,
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    ...SECURITY_HEADERS,
    ...(isBuildAsset(pathname) && { 'Cache-Control': IMMUTABLE }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
