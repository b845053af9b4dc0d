import { getApi, startWebSession } from './api';
import { openPrefetchedHead, prefetchListHead } from './db/list';
import { FIRST_ROWS } from './features/review/first-rows';
import { prepareFirstScreen, startGate } from './features/security/gate';
import { parseRoute } from './state/route';
import { useUi } from './state/ui';

/**
 * The app's first steps, imported by main.tsx before anything else so that they run before
 * the rest of the first script is even evaluated (React, the screens, the date formats):
 * what the first screen waits for is under way meanwhile. Main is asked where the locks
 * stand and for the data key (features/security/gate.ts), and when the app opens on the
 * review list, its first screenful is read from the database, still sealed, to be opened
 * as the key comes in.
 */

/** False when the page is leaving to exchange a sign-in link (web mode): nothing starts. */
export const starting = startWebSession() !== 'exchanging';

if (starting) {
  getApi();
  const route = parseRoute(window.location.hash);
  if (route.screen === 'review' && !route.recordId) {
    prefetchListHead(useUi.getState().reviewFilter, FIRST_ROWS);
    prepareFirstScreen(openPrefetchedHead);
  }
  startGate().catch(() => undefined);
}
