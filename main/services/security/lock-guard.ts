import { ApiCallError, type ApiEvent, type Channel } from '../../core/api/contract';
import type { Security } from './security';

/**
 * What main refuses while either lock is closed. The app lock closes everything but the
 * way back in; until the data key is open (web mode before its passphrase), only the
 * calls that open it are answered. Calls here reveal nothing from the records:
 * - removeJobs only deletes (retention may purge while the app is locked).
 * recordAudit is not one of them: whoever is at a locked app must not add lines to the
 * trail in staff's name (issue 13). The page keeps its events (a purge while locked) and
 * sends them once the app is open again.
 */
const ALWAYS: ReadonlySet<Channel> = new Set<Channel>(['getSessionInfo', 'getSecurityState', 'lockApp', 'unlockApp', 'removeJobs']);
const OPENING_THE_KEY: ReadonlySet<Channel> = new Set<Channel>(['setUpDataKey', 'openDataKey']);

export const KEY_NOT_OPEN_MESSAGE = 'Enter the passphrase to open SCR Extract.';

export function createLockGuard(security: Pick<Security, 'lock' | 'vault'>): (channel: Channel) => void {
  return (channel) => {
    if (ALWAYS.has(channel)) return;
    if (security.lock.locked()) throw new ApiCallError('ERR_LOCKED');
    if (OPENING_THE_KEY.has(channel)) return;
    if (security.vault.state() !== 'open') throw new ApiCallError('ERR_LOCKED', KEY_NOT_OPEN_MESSAGE);
  };
}

/**
 * Events while locked: only the engine's state and batch counters (no names, no records)
 * and the lock's own news. Job and result events wait: the renderer catches up on unlock.
 */
export function eventAllowedWhileLocked(event: ApiEvent): boolean {
  return event.type === 'engine' || event.type === 'batch' || event.type === 'security';
}
