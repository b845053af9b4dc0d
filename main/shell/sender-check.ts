import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-protocol';

/**
 * The one place every IPC call's sender is checked: it must be the top frame of our own
 * window, showing a page from app://scr. Anything else (another window, an iframe, a page
 * that somehow navigated away) is refused before its payload is even looked at.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: Pick<BrowserWindow, 'webContents' | 'isDestroyed'> | null,
): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
