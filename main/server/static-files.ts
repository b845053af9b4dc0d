import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS, contentSecurityPolicy, contentTypeFor, resolveRendererFile } from '../services/renderer-assets';

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
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
