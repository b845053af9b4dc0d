import type { WebContents } from 'electron';
import { log } from '../core/log/logger';
import { isAppUrl } from './app-protocol';
import { isSafeExternalUrl } from './external-links';

/**
 * Applied to every WebContents the app creates (app 'web-contents-created'): the page may
 * never leave app://scr, may not open windows, and may not embed <webview>. An https link
 * meant for a new tab goes to the user's own browser instead, through the vetted opener.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event) => {
    // Hash routes are in-page and never reach here; a reload of our own page is allowed.
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn('navigation refused');
  });
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn('frame navigation refused');
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
