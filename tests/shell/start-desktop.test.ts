import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_EVENT_CHANNEL, ipcChannel, type CallOutcome, type ResponseOf } from '../../main/core/api/contract';
import type { Desktop } from '../../main/shell/start-desktop';
import { createFakeEngine, createIdleCpuPool, fakeJob, type FakeEngine } from '../helpers/fake-engine';
import { FakeBrowserWindow, FakeNotification, FakeWebContents, type createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createElectronMock> }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  mock.current = createElectronMock();
  return { ...mock.current.electron, default: mock.current.electron };
});

let desktop: Desktop;
let engine: FakeEngine;
let win: FakeBrowserWindow;
let rendererDir: string;

beforeAll(async () => {
  const { startDesktop } = await import('../../main/shell/start-desktop');
  const { state } = mock.current;
  rendererDir = join(state.userData, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SCR Extract</title>');
  writeFileSync(join(state.userData, 'outside.txt'), 'NOT FOR THE RENDERER');

  desktop = startDesktop({
    createEngine: (o) => (engine = createFakeEngine(o)),
    createCpuPool: () => createIdleCpuPool(),
    ai: null,
    rendererDir,
    preloadPath: '/app/dist/preload/preload.cjs',
  });
  // Before 'ready': the privileged scheme and the sandbox, and nothing else yet.
  expect(mock.current.state.ipcHandlers.size).toBe(0);
  state.ready.resolve();
  await desktop.ready;
  win = FakeBrowserWindow.instances[0]!;
});

const trustedEvent = () => ({ sender: win.webContents, senderFrame: { url: 'app://scr/index.html', parent: null } });

async function callIpc(channel: string, event: unknown, payload: unknown): Promise<CallOutcome<unknown>> {
  const handler = mock.current.state.ipcHandlers.get(channel)!;
  return (await handler(event, payload)) as CallOutcome<unknown>;
}

describe('desktop start-up', () => {
  it('registers app:// as a privileged, secure, standard scheme before ready, never bypassing CSP', () => {
    expect(mock.current.state.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(JSON.stringify(mock.current.state.privilegedSchemes)).not.toContain('bypassCSP');
  });

  it('enables the sandbox for all renderers and takes the single-instance lock', () => {
    expect(mock.current.electron.app.enableSandbox).toHaveBeenCalled();
    expect(mock.current.electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('never starts the crash reporter', () => {
    expect(mock.current.electron.crashReporter.start).not.toHaveBeenCalled();
  });

  it('opens one window with the hardened webPreferences and loads app://scr, not file://', () => {
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      preload: '/app/dist/preload/preload.cjs',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(win.loadURL).toHaveBeenCalledWith('app://scr/index.html');
  });

  it('serves the renderer through the app protocol, with the CSP header', async () => {
    const handler = mock.current.state.protocolHandlers.get('app')!;
    const res = await handler(new Request('app://scr/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const out = await handler(new Request('app://scr/../outside.txt'));
    expect(await out.text()).not.toContain('NOT FOR THE RENDERER');
  });

  it('writes its log into the user-data folder', () => {
    const logFile = join(mock.current.state.userData, 'logs', 'main.log');
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toContain('desktop started');
  });
});

describe('desktop IPC', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...mock.current.state.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannel).sort());
  });

  it('answers our own page', async () => {
    expect(await callIpc(ipcChannel('getSessionInfo'), trustedEvent(), {})).toEqual({
      ok: true,
      value: { mode: 'desktop', userName: expect.any(String), version: '1.2.3' },
    });
  });

  it.each([
    ['a foreign page in our window', () => ({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } })],
    ['a file:// page in our window', () => ({ sender: win.webContents, senderFrame: { url: 'file:///C:/x.html', parent: null } })],
    ['an iframe inside our page', () => ({ sender: win.webContents, senderFrame: { url: 'app://scr/index.html', parent: {} } })],
    ['another web contents', () => ({ sender: new FakeWebContents(), senderFrame: { url: 'app://scr/index.html', parent: null } })],
    ['a frame that is gone', () => ({ sender: win.webContents, senderFrame: null })],
    ['a look-alike host', () => ({ sender: win.webContents, senderFrame: { url: 'app://scr.evil/index.html', parent: null } })],
  ])('refuses %s before looking at the payload', async (_what, event) => {
    const before = engine.calls.length;
    const out = await callIpc(ipcChannel('submitDocuments'), event(), {
      docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes: new Uint8Array([1]) } }],
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'ERR_FORBIDDEN' } });
    expect(engine.calls.length).toBe(before);
  });

  it.each(CHANNELS)('validates the %s payload with zod', async (channel) => {
    const before = engine.calls.length;
    const out = await callIpc(ipcChannel(channel), trustedEvent(), { unexpected: ['x'], docs: 'no', ids: 1, key: 3, settings: 5 });
    expect(out).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
    expect(engine.calls.length).toBe(before);
  });

  it('forwards engine events to the window only', () => {
    engine.emit({ type: 'removed', jobId: 'j9' });
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { type: 'removed', jobId: 'j9' });
  });
});

describe('desktop policy', () => {
  it('denies every permission request and check', () => {
    const { permissionRequest, permissionCheck, devicePermission } = mock.current.state;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const cb = vi.fn();
      permissionRequest!(win.webContents, permission, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(permissionCheck!(win.webContents, permission, 'app://scr', {})).toBe(false);
    }
    expect(devicePermission!({})).toBe(false);
    expect(mock.current.electron.session.defaultSession.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
  });

  it('sets the CSP on responses in the window’s session too', () => {
    let out: { responseHeaders: Record<string, string[]> } | null = null;
    mock.current.state.headersReceived!({ responseHeaders: {} }, (r: typeof out) => (out = r));
    expect(out!.responseHeaders['Content-Security-Policy']![0]).toContain("default-src 'none'");
  });

  it('blocks every network request from the renderer', () => {
    const { beforeRequest } = mock.current.state;
    expect(beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*']));
    const cb = vi.fn();
    beforeRequest!.listener({ url: 'https://api.example/upload' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });
  });

  it('hardens every web contents: navigation away refused, window.open denied, https links to the browser', () => {
    const contents = new FakeWebContents();
    mock.current.electron.app.emit('web-contents-created', {}, contents);
    const nav = (event: string, url: string) => {
      const e = { url, preventDefault: vi.fn() };
      contents.emit(event, e);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-navigate', 'app://scr/index.html')).toBe(false);
    expect(nav('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-redirect', 'http://evil.example/')).toBe(true);
    expect(nav('will-attach-webview', 'app://scr/index.html')).toBe(true);

    const openExternal = mock.current.electron.shell.openExternal;
    openExternal.mockClear();
    expect(contents.windowOpenHandler!({ url: 'https://digital.nhs.uk/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://digital.nhs.uk/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///C:/Windows/system32/calc.exe' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://digital.nhs.uk/']]);
  });
});

describe('desktop touches', () => {
  it('shows batch progress on the taskbar, clears it and notifies with counts only when the batch ends', () => {
    const stats = (queued: number, running: number, complete: number, failed: number) => ({
      queued,
      running,
      complete,
      failed,
      cancelled: 0,
      total: queued + running + complete + failed,
      throughput: 0,
      etaSeconds: null,
    });
    FakeNotification.instances.length = 0;
    engine.emit({ type: 'job', job: fakeJob('j1', 'Jane Citizen SCR.pdf') });
    engine.emit({ type: 'batch', stats: stats(4, 0, 0, 0) });
    engine.emit({ type: 'batch', stats: stats(1, 1, 2, 0) });
    expect(win.setProgressBar).toHaveBeenLastCalledWith(0.5);
    engine.emit({ type: 'batch', stats: stats(0, 0, 3, 1) });
    expect(win.setProgressBar).toHaveBeenLastCalledWith(-1);
    expect(FakeNotification.instances).toHaveLength(1);
    const n = FakeNotification.instances[0]!;
    expect(n.show).toHaveBeenCalled();
    expect(n.options.body).toBe('4 documents processed: 3 ready to review, 1 could not be read.');
    expect(JSON.stringify(n.options)).not.toContain('Jane');
  });

  it('saves CSV through the native save dialog', async () => {
    const target = join(mock.current.state.userData, 'export.csv');
    mock.current.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const out = await callIpc(ipcChannel('saveCsv'), trustedEvent(), { suggestedName: '../../evil.csv', content: 'nhs,name\n' });
    expect(out).toEqual({ ok: true, value: { saved: true, fileName: 'export.csv' } });
    expect(readFileSync(target, 'utf8')).toBe('nhs,name\n');
    const [, options] = mock.current.electron.dialog.showSaveDialog.mock.calls[0]!;
    expect(options.defaultPath).toBe(join(mock.current.state.userData, 'downloads', 'evil.csv'));

    mock.current.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await callIpc(ipcChannel('saveCsv'), trustedEvent(), { suggestedName: 'x.csv', content: 'a' })).toEqual({
      ok: true,
      value: { saved: false, fileName: null },
    });
  });

  it('opens PDFs through the native open dialog', async () => {
    const pdf = join(mock.current.state.userData, 'picked.pdf');
    writeFileSync(pdf, '%PDF-1.7 test');
    mock.current.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [pdf] });
    const out = (await callIpc(ipcChannel('pickDocuments'), trustedEvent(), {})) as CallOutcome<ResponseOf<'pickDocuments'>>;
    expect(out.ok && out.value.files.map((f) => [f.name, f.size])).toEqual([['picked.pdf', 13]]);
    // The path stays in main: the page gets an id, and the bytes only when it asks for its copy.
    expect(JSON.stringify(out)).not.toContain(mock.current.state.userData);
    const pickId = out.ok ? out.value.files[0]!.pickId : '';
    const read = (await callIpc(ipcChannel('readPickedDocument'), trustedEvent(), { pickId })) as CallOutcome<ResponseOf<'readPickedDocument'>>;
    expect(read.ok && Buffer.from(read.value.bytes).toString()).toBe('%PDF-1.7 test');
  });

  it('keeps the provider key encrypted on disk and tells the renderer only that it has one', async () => {
    await callIpc(ipcChannel('updateSettings'), trustedEvent(), { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    const out = await callIpc(ipcChannel('setProviderKey'), trustedEvent(), { key: 'sk-live-abcdef' });
    expect(out).toEqual({ ok: true, value: { hasKey: true, persisted: true } });
    const sealed = readFileSync(join(mock.current.state.userData, 'provider-key.bin'), 'utf8');
    expect(sealed).not.toContain('sk-live-abcdef');
    expect(JSON.stringify(await callIpc(ipcChannel('getSettings'), trustedEvent(), {}))).not.toContain('sk-live');
  });

  it('seals the data key with safeStorage and opens it at start: the renderer gets it over IPC, no passphrase', async () => {
    const state = await callIpc(ipcChannel('getSecurityState'), trustedEvent(), {});
    expect(state).toMatchObject({ ok: true, value: { security: { dataKey: 'open', keyMethod: 'os', appLocked: false } } });
    const grant = (await callIpc(ipcChannel('openDataKey'), trustedEvent(), {})) as CallOutcome<{ key: Uint8Array; keyId: string }>;
    expect(grant.ok && grant.value.key.byteLength).toBe(32);
    const ring = readFileSync(join(mock.current.state.userData, 'keyring-desktop.json'), 'utf8');
    expect(JSON.parse(ring)).toMatchObject({ method: 'os', sealedKek: expect.any(String) });
    if (grant.ok) expect(ring).not.toContain(Buffer.from(grant.value.key).toString('base64'));
    // A foreign frame gets nothing, as for every other call.
    const foreign = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await callIpc(ipcChannel('openDataKey'), foreign, {})).toMatchObject({ ok: false, error: { code: 'ERR_FORBIDDEN' } });
  });

  it('focuses the existing window when a second copy is launched', () => {
    mock.current.electron.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('remembers the window size and position when it closes', () => {
    win.emit('close');
    const saved = JSON.parse(readFileSync(join(mock.current.state.userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('closes the services (and the engine) when the app quits', async () => {
    mock.current.electron.app.emit('will-quit');
    await vi.waitFor(() => expect(engine.closed).toBe(true));
    expect(desktop.services()).not.toBeNull();
  });
});
