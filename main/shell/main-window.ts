import { BrowserWindow } from 'electron';
import type { WindowState } from './window-state';

/**
 * The one window, with Electron's security checklist as webPreferences: the renderer is
 * a web page with no Node, isolated from preload (contextIsolation), in the OS sandbox,
 * with the same-origin policy on, no webviews or experimental features, middle-click
 * (auxclick) unable to open windows, and a file dropped on the window never navigated to
 * (the inbox's drop zone takes it). Written out literally here so that a reviewer, and
 * electronegativity, can read every value at the constructor.
 */
export function createMainWindow(opts: { preloadPath: string; devTools: boolean; state: WindowState | null }): BrowserWindow {
  const { state } = opts;
  const win = new BrowserWindow({
    title: 'SCR Extract',
    width: state?.width ?? 1280,
    height: state?.height ?? 860,
    ...(state && { x: state.x, y: state.y }),
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: '#f0f4f5',
    webPreferences: {
      // electronegativity-ok PRELOAD_JS_CHECK: reviewed; preload/index.ts exposes one function per contract channel and onEvent through contextBridge, never ipcRenderer, and main validates every payload.
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: opts.devTools,
    },
  });
  if (state?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  return win;
}
