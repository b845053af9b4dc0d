import { join } from 'node:path';
import {
  BrowserWindow,
  Notification,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { IPC_EVENT_CHANNEL } from '../core/api/contract';
import type { Engine, EngineOptions } from '../core/engine/types';
import { configureLogging, fileSink, log } from '../core/log/logger';
import type { CpuPool } from '../core/pipeline/cpu-pool';
import type { AiLink } from '../services/ai-link';
import { ensureDataDir } from '../services/data-dir';
import { createHostSecurity, openWithoutInput } from '../services/security/host-security';
import { createServices, type ClosableOcr, type Services } from '../services/services';
import { createSettingsStore } from '../services/settings-store';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { createBatchFeedback, describeBatch } from './batch-feedback';
import { openExternalSafely } from './external-links';
import { registerIpcHandlers } from './ipc-handlers';
import { createMainWindow } from './main-window';
import { createDialogPorts } from './native-dialogs';
import { osKekSource } from './safe-data-key';
import { createSafeStorageKeyStore } from './safe-key-store';
import { isTrustedSender } from './sender-check';
import { hardenSession } from './session-policy';
import { loadWindowState, rememberWindowState } from './window-state';
import { hardenWebContents } from './web-contents-guard';

/**
 * The thin Electron shell: security policy, the window, IPC to the shared services, and
 * the desktop touches. Everything with logic lives in small modules beside this one, each
 * unit-tested with `electron` mocked; this only wires them together.
 */
export const APP_USER_MODEL_ID = 'org.scrextract.desktop';

export interface DesktopOptions {
  createEngine(options: EngineOptions): Engine;
  ai: AiLink | null;
  createOcr?(): ClosableOcr | null;
  /** Tests pass a fake; the app uses worker threads. */
  createCpuPool?(options: { threads?: number }): CpuPool;
  /** dist/renderer */
  rendererDir: string;
  /** dist/preload/preload.cjs */
  preloadPath: string;
}

export interface Desktop {
  /** Resolves once the window is showing our page; rejects if start-up failed. */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  services(): Services | null;
}

export function startDesktop(opts: DesktopOptions): Desktop {
  // Crash reporting is off: crashReporter.start() is never called, so no minidump (which
  // can hold patient data from memory) is written or sent anywhere.

  // Both must happen before 'ready'.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();

  let win: BrowserWindow | null = null;
  let services: Services | null = null;
  const handle: Desktop = { ready: Promise.resolve(), window: () => win, services: () => services };

  // One running copy: a second launch focuses the first instead of racing it for the
  // same settings and the same IndexedDB.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle;
  }

  // Windows shows notifications only for an app with a user model id; this matches the
  // appId in electron-builder.yml, which the installer gives the Start-menu shortcut.
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const userData = app.getPath('userData');
  ensureDataDir(userData);
  configureLogging({ sinks: [fileSink(join(userData, 'logs', 'main.log'))] });

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => openExternalSafely(shell, url));
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void services?.close();
  });

  handle.ready = app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(opts.rendererDir));

    const settings = createSettingsStore(userData);
    const security = createHostSecurity({ mode: 'desktop', dataDir: userData, kek: osKekSource(safeStorage) ?? { method: 'passphrase' } });
    await openWithoutInput(security);
    services = createServices({
      mode: 'desktop',
      version: app.getVersion(),
      dataDir: userData,
      settings,
      keyStore: createSafeStorageKeyStore(safeStorage, userData),
      createEngine: opts.createEngine,
      ai: opts.ai,
      ...(opts.createOcr && { createOcr: opts.createOcr }),
      ...(opts.createCpuPool && { createCpuPool: opts.createCpuPool }),
      host: createDialogPorts({ dialog, window: () => win, downloadsDir: app.getPath('downloads') }),
      security,
    });
    registerIpcHandlers(ipcMain, services, (event) => isTrustedSender(event, win));

    const state = loadWindowState(userData, screen.getAllDisplays().map((d) => d.workArea));
    win = createMainWindow({ preloadPath: opts.preloadPath, devTools: !app.isPackaged, state });
    rememberWindowState(win, userData);
    win.on('closed', () => {
      win = null;
    });

    services.subscribe((event) => {
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
    });
    services.subscribe(
      createBatchFeedback({
        setProgress: (fraction) => {
          if (win && !win.isDestroyed()) win.setProgressBar(fraction ?? -1);
        },
        notifyFinished: (summary) => {
          if (!Notification.isSupported()) return;
          const { title, body } = describeBatch(summary);
          new Notification({ title, body, silent: false }).show();
        },
      }),
    );

    await win.loadURL(APP_ENTRY_URL);
    log.info('desktop started', { version: app.getVersion() });
  });
  handle.ready.catch((err: unknown) => {
    log.error('desktop start failed', { errName: err instanceof Error ? err.name : typeof err });
    app.quit();
  });
  return handle;
}
