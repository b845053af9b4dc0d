import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, isAppUrl } from '../../main/shell/app-protocol';
import { contentSecurityPolicy } from '../../main/services/renderer-assets';

let root: string;
let handler: (r: Request) => Promise<Response>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scr-app-protocol-'));
  const dist = join(root, 'dist', 'renderer');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>SCR Extract</title>');
  writeFileSync(join(dist, 'assets', 'index.js'), 'export {}');
  writeFileSync(join(root, 'dist', 'secret.txt'), 'SECRET-OUTSIDE');
  writeFileSync(join(root, 'package.json'), '{"name":"SECRET-OUTSIDE"}');
  symlinkSync(join(root, 'dist', 'secret.txt'), join(dist, 'assets', 'link.txt'));
  handler = createAppProtocolHandler(dist);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves index.html with the strict CSP and safe headers', async () => {
    const res = await handler(new Request('app://scr/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBe(contentSecurityPolicy());
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(await res.text()).toContain('SCR Extract');
  });

  it('serves the app at the root and real assets, and nothing for made-up paths', async () => {
    expect(await (await handler(new Request('app://scr/'))).text()).toContain('SCR Extract');
    expect((await handler(new Request('app://scr/review'))).status).toBe(404);
    const js = await handler(new Request('app://scr/assets/index.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://scr/../secret.txt',
    'app://scr/%2e%2e/secret.txt',
    'app://scr/assets/..%2fsecret.txt',
    'app://scr/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    'app://scr/..%5c..%5cpackage.json',
    'app://scr/assets/link.txt',
    'app://scr/%00/index.html',
    'app://scr//etc/passwd',
    'app://scr/C:/Windows/win.ini',
  ])('does not serve files outside dist/renderer: %s', async (url) => {
    const res = await handler(new Request(url));
    const body = await res.text();
    expect(body).not.toContain('SECRET-OUTSIDE');
    expect(body).not.toContain('root:');
    expect(res.status).toBe(404);
  });

  it('serves only its own host and only reads', async () => {
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://scr/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('recognises only app://scr URLs as ours', () => {
    expect(isAppUrl('app://scr/index.html')).toBe(true);
    expect(isAppUrl('app://scr.evil/index.html')).toBe(false);
    expect(isAppUrl('https://scr/index.html')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
