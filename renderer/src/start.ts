import { getApi, startWebSession } from './api';
import { startGate } from './features/security/gate';

/**
 * The app's first steps, imported by main.tsx before anything else so that they run before
 * the rest of the first script is even evaluated (React, the screens, the date formats):
 * what the first screen waits for is under way meanwhile. Main is asked where the locks
 * stand and for the data key (features/security/gate.ts).
 */

/** False when the page is leaving to exchange a sign-in link (web mode): nothing starts. */
export const starting = startWebSession() !== 'exchanging';

if (starting) {
  getApi();
  startGate().catch(() => undefined);
}
