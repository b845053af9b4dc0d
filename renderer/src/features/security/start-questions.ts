import { getApi } from '../../api';
import type { DataKeyGrant } from '../../../../main/core/api/contract';
import type { SecurityState } from '../../../../main/core/contract/security';

/**
 * The start's two questions to main, asked as the first script begins (start.ts), before
 * the code that answers them (gate.ts, the database, React) has even been evaluated: this
 * module needs only the bridge. Where the locks stand, and the data key; see startGate for
 * why asking both at once is safe.
 */
export interface StartAnswers {
  security: Promise<{ security: SecurityState }>;
  key: Promise<DataKeyGrant>;
}

let asked: StartAnswers | null = null;

export function askMainAtStart(): void {
  const api = getApi();
  asked = { security: api.getSecurityState({}), key: api.openDataKey({}) };
  // Read by startGate; until then (or if it never is) a refusal is no unhandled error.
  asked.security.catch(() => undefined);
  asked.key.catch(() => undefined);
}

/** The answers asked for at start, once (the first startGate), or null. */
export function takeStartAnswers(): StartAnswers | null {
  const answers = asked;
  asked = null;
  return answers;
}
