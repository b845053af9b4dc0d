import { getApi, startWebSession } from './api';
import { askMainAtStart } from './features/security/start-questions';

/**
 * The app's first step, imported by main.tsx before anything else so that it runs before
 * the rest of the first script is even evaluated (the database, React, the screens, the
 * date formats): main is asked where the locks stand and for the data key, and answers
 * while the page goes on loading. start-gate.ts takes it from there.
 */

/** False when the page is leaving to exchange a sign-in link (web mode): nothing starts. */
export const starting = startWebSession() !== 'exchanging';

if (starting) {
  getApi();
  askMainAtStart();
}
