/**
 * The bridge's channel names and IPC naming, without zod, so that the sandboxed preload
 * bundle carries only names and never the schemas (main validates; preload only forwards).
 * contract.ts checks at compile time that this list and its request schemas agree.
 */
export const CHANNEL_NAMES = [
  'submitDocuments',
  'cancelJobs',
  'retryJobs',
  'removeJobs',
  'prioritiseJob',
  'listJobs',
  'getResult',
  'getEngineState',
  'getBatchStats',
  'getMetrics',
  'getSettings',
  'updateSettings',
  'setProviderKey',
  'clearProviderKey',
  'hasProviderKey',
  'testProvider',
  'saveCsv',
  'pickDocuments',
  'getSessionInfo',
  'getSecurityState',
  'setUpDataKey',
  'openDataKey',
  'lockApp',
  'unlockApp',
  'setLockPasscode',
  'recordAudit',
  'listAudit',
  'deleteAllData',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Every IPC channel starts with this, so the shell can refuse anything else in one place. */
export const IPC_PREFIX = 'scr:';

/** The IPC channel name for a call. */
export function ipcChannel(c: ChannelName): string {
  return `${IPC_PREFIX}${c}`;
}

/** The one channel main pushes events on. */
export const IPC_EVENT_CHANNEL = 'scr:event';

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}
