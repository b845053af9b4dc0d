import type { Shell } from 'electron';
import { log } from '../core/log/logger';

/**
 * The only way out of the app to the web: https links the user clicked, opened in their
 * own browser. Not http (could be intercepted), not file:, smb: or custom schemes (they
 * run programs), and not URLs with embedded credentials.
 */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '';
}

export function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: string): boolean {
  if (!isSafeExternalUrl(url)) {
    log.warn('external link refused');
    return false;
  }
  // electronegativity-ok OPEN_EXTERNAL_JS_CHECK: the app's one opener; only https URLs without credentials that passed isSafeExternalUrl above reach it.
  void shell.openExternal(url).catch(() => log.warn('external link failed to open'));
  return true;
}
