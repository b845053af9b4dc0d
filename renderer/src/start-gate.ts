import { openPrefetchedHead, prefetchListHead } from './db/list';
import { FIRST_ROWS } from './features/review/first-rows';
import { prepareFirstScreen, startGate } from './features/security/gate';
import { starting } from './start';
import { parseRoute } from './state/route';
import { useUi } from './state/ui';

/**
 * The app's second step (main.tsx imports it right after start.ts, still before React and
 * the screens are evaluated): the gate (features/security/gate.ts) waits for main's answers,
 * and when the app opens on the review list, its first screenful is read from the database
 * meanwhile, still sealed, to be opened as the key comes in.
 */
if (starting) {
  const route = parseRoute(window.location.hash);
  if (route.screen === 'review' && !route.recordId) {
    prefetchListHead(useUi.getState().reviewFilter, FIRST_ROWS);
    prepareFirstScreen(openPrefetchedHead);
  }
  startGate().catch(() => undefined);
}
