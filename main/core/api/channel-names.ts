/**
 * The bridge channels' names alone, without their zod schemas (channels.ts): the renderer
 * builds its client from these at start, and zod would be ~90 KB of script to load and run
 * before the first screen for nothing (only main parses requests). channels.ts checks that
 * this list and its table name the same channels.
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
  'readPickedDocument',
  'getWatchedFolder',
  'setWatchedFolder',
  'chooseWatchedFolder',
  'takeWatchedFiles',
  'getExportFolder',
  'setExportFolder',
  'chooseExportFolder',
  'setExportFolderTemplate',
  'writeExportFile',
  'listUnacknowledgedExports',
  'acknowledgeExportFiles',
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
