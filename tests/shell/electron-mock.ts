import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module (the binary cannot run here): just enough surface
 * for the shell to wire itself up, recording what it was told so tests can inspect it.
 * Tests use it with vi.mock('electron', …) and call reset() between cases.
 */
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener) {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

export class FakeWebContents extends Emitter {
  send = vi.fn();
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  mainFrame = { url: 'app://scr/index.html', parent: null };
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
}

export class FakeBrowserWindow extends Emitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loadURL = vi.fn(async (_url: string) => undefined);
  setProgressBar = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  maximize = vi.fn();
  show = vi.fn();
  destroyed = false;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return true;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

export class FakeNotification {
  static instances: FakeNotification[] = [];
  static isSupported() {
    return true;
  }
  show = vi.fn();
  constructor(public options: { title: string; body: string }) {
    FakeNotification.instances.push(this);
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function createElectronMock() {
  const userData = mkdtempSync(join(tmpdir(), 'scr-shell-'));
  const state = {
    userData,
    ready: deferred(),
    singleInstance: true,
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    privilegedSchemes: [] as unknown[],
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    devicePermission: null as Listener | null,
    beforeRequest: null as { filter: { urls: string[] }; listener: Listener } | null,
    headersReceived: null as Listener | null,
    encryption: { available: true, backend: 'gnome_libsecret' as string },
  };
  const app = Object.assign(new Emitter(), {
    whenReady: () => state.ready.promise,
    getPath: (name: string) => (name === 'userData' ? state.userData : join(state.userData, name)),
    getVersion: () => '1.2.3',
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.singleInstance),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(),
  });
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    ipcMain: {
      handle: vi.fn((channel: string, fn: Listener) => state.ipcHandlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => state.ipcHandlers.delete(channel)),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => state.privilegedSchemes.push(...schemes)),
      handle: vi.fn((scheme: string, fn: (req: Request) => Promise<Response>) => state.protocolHandlers.set(scheme, fn)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((fn: Listener) => (state.permissionRequest = fn)),
        setPermissionCheckHandler: vi.fn((fn: Listener) => (state.permissionCheck = fn)),
        setDevicePermissionHandler: vi.fn((fn: Listener) => (state.devicePermission = fn)),
        setSpellCheckerEnabled: vi.fn(),
        webRequest: {
          onHeadersReceived: vi.fn((listener: Listener) => (state.headersReceived = listener)),
          onBeforeRequest: vi.fn((filter: { urls: string[] }, listener: Listener) => (state.beforeRequest = { filter, listener })),
        },
      },
    },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
    safeStorage: {
      isEncryptionAvailable: () => state.encryption.available,
      getSelectedStorageBackend: () => state.encryption.backend,
      encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`),
      decryptString: (b: Buffer) => Buffer.from(b.toString().replace(/^sealed:/, ''), 'base64').toString(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    crashReporter: { start: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  return { electron, state };
}
