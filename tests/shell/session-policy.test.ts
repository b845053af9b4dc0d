import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../main/services/renderer-assets';
import { hardenSession } from '../../main/shell/session-policy';

function fakeSession() {
  const captured: { headers?: (d: unknown, cb: (r: unknown) => void) => void; before?: (d: { url: string }, cb: (r: unknown) => void) => void } = {};
  const ses = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setSpellCheckerEnabled: vi.fn(),
    webRequest: {
      onHeadersReceived: vi.fn((fn: typeof captured.headers) => (captured.headers = fn)),
      onBeforeRequest: vi.fn((_f: unknown, fn: typeof captured.before) => (captured.before = fn)),
    },
  };
  return { ses, captured };
}

describe('session policy', () => {
  it('adds the same strict CSP to every response the session sees', () => {
    const { ses, captured } = fakeSession();
    hardenSession(ses as never);
    let out: { responseHeaders: Record<string, string[]> } | null = null;
    captured.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (out = r as typeof out));
    expect(out!.responseHeaders['Content-Type']).toEqual(['text/html']);
    // The literal electronegativity reads must be the policy the protocol handler sends.
    expect(out!.responseHeaders['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
  });

  it('the policy allows nothing remote, nothing inline and no eval', () => {
    const csp = contentSecurityPolicy();
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-|https?:|\*|wss?:/);
  });
});
