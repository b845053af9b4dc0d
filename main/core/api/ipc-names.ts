/**
 * IPC naming, without zod, for the sandboxed preload bundle: it carries names only, never
 * the schemas (main validates; preload only forwards). The channel names themselves come
 * from the table in channels.ts: the preload build writes them in (scripts/build.ts).
 */

/** Every IPC channel starts with this, so the shell can refuse anything else in one place. */
export const IPC_PREFIX = 'scr:';

/** The IPC channel name for a call. */
export function ipcChannel(channel: string): string {
  return `${IPC_PREFIX}${channel}`;
}

/** The one channel main pushes events on. */
export const IPC_EVENT_CHANNEL = 'scr:event';
