import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '../../main/core/api/contract';
import type { AiLink } from '../../main/services/ai-link';
import type { HostPorts } from '../../main/services/handlers';
import { createMemoryKeyStore, type KeyStore } from '../../main/services/key-store';
import { createServices, type Services } from '../../main/services/services';
import type { Security } from '../../main/services/security/security';
import { createSettingsStore, type SettingsStore } from '../../main/services/settings-store';
import { createFakeEngine, createIdleCpuPool, type FakeEngine } from '../helpers/fake-engine';

export interface Harness {
  services: Services;
  engine: FakeEngine;
  settings: SettingsStore;
  keyStore: KeyStore;
  dataDir: string;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'scr-bridge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The real services around a fake engine: the bridge's plumbing without extraction. */
export function makeServices(
  opts: {
    dataDir?: string;
    ai?: AiLink | null;
    host?: HostPorts;
    guard?: (c: Channel) => void;
    mode?: 'desktop' | 'web';
    security?: Security;
    /** The raw store the services bind to endpoints; a fresh memory store by default. */
    keyStore?: KeyStore;
  } = {},
): Harness {
  const dataDir = opts.dataDir ?? tempDir();
  const settings = createSettingsStore(dataDir);
  const keyStore = opts.keyStore ?? createMemoryKeyStore();
  let engine: FakeEngine | null = null;
  const services = createServices({
    mode: opts.mode ?? 'web',
    version: '9.9.9',
    dataDir,
    settings,
    keyStore,
    userName: 'tester',
    createEngine: (o) => (engine = createFakeEngine(o)),
    createCpuPool: () => createIdleCpuPool(),
    ai: opts.ai ?? null,
    ...(opts.host && { host: opts.host }),
    ...(opts.guard && { guard: opts.guard }),
    ...(opts.security && { security: opts.security }),
  });
  return {
    services,
    engine: engine!,
    settings,
    keyStore,
    dataDir,
    async cleanup() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid payload for every channel, so tests can call each one. */
export const VALID_PAYLOADS: Record<Channel, unknown> = {
  submitDocuments: { docs: [{ id: 'doc-1', name: 'a.pdf', source: { kind: 'bytes', bytes: new Uint8Array([37, 80, 68, 70]) } }] },
  cancelJobs: { ids: ['doc-1'] },
  retryJobs: { ids: ['doc-1'] },
  removeJobs: { ids: ['doc-1'] },
  prioritiseJob: { id: 'doc-1' },
  listJobs: {},
  getResult: { jobId: 'doc-1' },
  getEngineState: {},
  getBatchStats: {},
  getMetrics: {},
  getSettings: {},
  updateSettings: { settings: { maxPages: 50 } },
  setProviderKey: { key: 'sk-test-key' },
  clearProviderKey: {},
  hasProviderKey: {},
  testProvider: {},
  saveCsv: { suggestedName: 'out.csv', content: 'a,b\n' },
  pickDocuments: {},
  readPickedDocument: { pickId: 'pick-unknown' },
  getWatchedFolder: {},
  setWatchedFolder: { path: null },
  chooseWatchedFolder: {},
  takeWatchedFiles: {},
  getExportFolder: {},
  setExportFolder: { path: null },
  chooseExportFolder: {},
  setExportFolderTemplate: { template: { id: 'builtin-items', name: 'One row per item' } },
  writeExportFile: { content: 'NHS number\r\n9434765919\r\n', documentIds: ['doc-1'], template: 'Patients' },
  listUnacknowledgedExports: {},
  acknowledgeExportFiles: { fileNames: ['scr-approved-20250314-093005-3f9a1c2e.csv'], late: false },
  getSessionInfo: {},
  getSecurityState: {},
  setUpDataKey: { passphrase: 'correct horse battery' },
  openDataKey: {},
  lockApp: { reason: 'button' },
  unlockApp: { passcode: '123456' },
  setLockPasscode: { passcode: '246810' },
  recordAudit: { events: [{ action: 'viewed', documentId: 'doc-1' }] },
  listAudit: {},
  deleteAllData: { confirm: 'delete everything' },
};

/** Channels that need the data key and the app lock, which the default harness has not. */
export const SECURITY_STATE_CHANNELS: Channel[] = ['getSecurityState', 'setUpDataKey', 'openDataKey', 'lockApp', 'unlockApp', 'setLockPasscode', 'deleteAllData'];

/** A payload every channel's schema refuses. */
export const BAD_PAYLOADS: Record<Channel, unknown> = {
  submitDocuments: { docs: [{ id: 'doc 1 with spaces', name: '', source: { kind: 'bytes', bytes: [1, 2, 3] } }] },
  cancelJobs: { ids: 'doc-1' },
  retryJobs: { ids: [42] },
  removeJobs: {},
  prioritiseJob: { id: '' },
  listJobs: { extra: true },
  getResult: { jobId: '../../etc/passwd' },
  getEngineState: { extra: 1 },
  getBatchStats: null,
  getMetrics: 'all',
  getSettings: { all: true },
  updateSettings: { settings: { maxPages: -1 } },
  setProviderKey: { key: '' },
  clearProviderKey: { key: 'x' },
  hasProviderKey: [],
  testProvider: { now: true },
  saveCsv: { suggestedName: '', content: 'a' },
  pickDocuments: { folder: 'yes' },
  readPickedDocument: { pickId: '../etc/passwd' },
  getWatchedFolder: { path: '/' },
  setWatchedFolder: { path: '' },
  chooseWatchedFolder: { path: '/tmp' },
  takeWatchedFiles: { all: true },
  getExportFolder: { path: '/' },
  setExportFolder: { path: '' },
  chooseExportFolder: { path: '/tmp' },
  // A template by id and name only: a template's content (or a path) is refused.
  setExportFolderTemplate: { template: { id: 'tpl-1', name: 'Mine', columns: [] } },
  // The renderer cannot say where the file goes: a path (or a name) is refused.
  writeExportFile: { content: 'a,b\r\n', documentIds: ['doc-1'], template: 'Patients', path: '/etc/passwd' },
  listUnacknowledgedExports: { all: true },
  // File names only: a path is refused.
  acknowledgeExportFiles: { fileNames: ['../../etc/passwd'], late: true },
  getSessionInfo: 7,
  getSecurityState: { x: 1 },
  setUpDataKey: { passphrase: 'short' },
  openDataKey: { passphrase: '' },
  lockApp: { reason: 'bored' },
  unlockApp: {},
  setLockPasscode: { passcode: '12' },
  // A value where only names and ids may go: refused, so it never reaches the audit file.
  recordAudit: { events: [{ action: 'viewed', documentId: 'doc-1', nhsNumber: '9434765919' }] },
  listAudit: { limit: 0 },
  deleteAllData: { confirm: 'yes' },
};
