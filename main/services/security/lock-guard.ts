import { ApiCallError, channels, type ApiEvent, type Channel } from '../../core/api/contract';
import type { Security } from './security';

/**
 * What main refuses while either lock is closed, as each channel's row in the table
 * (core/api/channels.ts, `whileLocked`) declares it. The app lock closes everything but
 * the calls marked 'answered'; until the data key is open (web mode before its
 * passphrase), only those and the calls that open it ('opens-data-key') are answered.
 */
export const KEY_NOT_OPEN_MESSAGE = 'Enter the passphrase to open SCR Extract.';

export function createLockGuard(security: Pick<Security, 'lock' | 'vault'>): (channel: Channel) => void {
  return (channel) => {
    const policy = channels[channel].whileLocked;
    if (policy === 'answered') return;
    if (security.lock.locked()) throw new ApiCallError('ERR_LOCKED');
    if (policy === 'opens-data-key') return;
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
