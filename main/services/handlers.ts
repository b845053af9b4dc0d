import { ApiCallError, type ResponseOf, type ValidRequestOf } from '../core/api/contract';
import type { Engine } from '../core/engine/types';
import { log } from '../core/log/logger';
import type { AiLink } from './ai-link';
import type { AuditLog } from './audit/audit-log';
import type { Handlers } from './dispatch';
import { createDocumentHandlers, type PickedPaths } from './document-handlers';
import { RESTART_SETTINGS } from './engine-options';
import { addressField, endpointRefusal } from './provider-endpoint';
import type { ProviderKeys } from './provider-keys';
import type { PickedFiles } from './picked-files';
import type { SettingsStore } from './settings-store';
import { createSecurityHandlers } from './security/security-handlers';
import type { Security } from './security/security';
import type { WatchedFolder } from './watched-folder/watched-folder-service';
import { createExportFolderHandlers } from './export-folder/export-folder-handlers';
import type { ExportFolder } from './export-folder/export-folder-service';

/** What only a host can do: the desktop shell shows native dialogs; web mode has none. */
export interface HostPorts {
  saveCsv?(request: ValidRequestOf<'saveCsv'>): Promise<ResponseOf<'saveCsv'>>;
  /** The native open dialog; the paths it answers stay in main (document-handlers.ts). */
  pickDocuments?(request: ValidRequestOf<'pickDocuments'>): Promise<PickedPaths>;
  /** The native folder dialog, for the watched or the export folder: the chosen path, or null if cancelled. */
  pickFolder?(purpose: FolderPurpose): Promise<string | null>;
}

/** What a folder is chosen for: the dialog's title says so. */
export type FolderPurpose = 'watch' | 'export';

export interface SessionInfo {
  mode: 'desktop' | 'web';
  userName: string;
  version: string;
}

export interface HandlerContext {
  engine: Engine;
  settings: SettingsStore;
  /** The AI key, handed out only for the endpoint it was saved for. */
  keyStore: ProviderKeys;
  ai: AiLink | null;
  host: HostPorts;
  /** Files chosen in the native dialog, by the ids the renderer knows them by. */
  picked: PickedFiles;
  session: SessionInfo;
  /** Re-attaches the provider after the settings or the key changed. */
  applyAi(): void;
  audit: AuditLog;
  /** The data key and the app lock; absent in hosts (tests) that do not lock. */
  security: Security | null;
  /** Tells every window that the lock's state changed. */
  announceSecurity(): void;
  watched: WatchedFolder;
  exportFolder: ExportFolder;
}

export type { Handlers } from './dispatch';

const hlog = log.child({ scope: 'handlers' });

export function createHandlers(ctx: HandlerContext): Handlers {
  const { engine, settings, keyStore, audit } = ctx;

  return {
    ...createSecurityHandlers({ security: ctx.security, audit, settings, engine, announce: ctx.announceSecurity }),
    ...createDocumentHandlers({
      engine,
      audit,
      settings,
      picked: ctx.picked,
      ...(ctx.host.pickDocuments && { pickPaths: (request) => ctx.host.pickDocuments!(request) }),
    }),
    ...createExportFolderHandlers({ folder: ctx.exportFolder, ...(ctx.host.pickFolder && { pickFolder: () => ctx.host.pickFolder!('export') }) }),

    async cancelJobs({ ids }) {
      return { count: engine.cancel(ids) };
    },

    async retryJobs({ ids }) {
      return { count: engine.retry(ids) };
    },

    async removeJobs({ ids }) {
      return { count: engine.remove(ids) };
    },

    async prioritiseJob({ id }) {
      return { ok: engine.prioritise(id) };
    },

    async listJobs() {
      return { jobs: engine.jobs() };
    },

    async getResult({ jobId }) {
      return { result: engine.result(jobId) ?? null };
    },

    async getEngineState() {
      return { state: engine.state() };
    },

    async getBatchStats() {
      return { stats: engine.stats() };
    },

    async getMetrics() {
      return { metrics: engine.metrics() };
    },

    async getSettings() {
      return { settings: settings.get() };
    },

    async updateSettings(request) {
      // Only the keys that were sent (SettingsPatchSchema fills in no defaults).
      const partial = { ...request.settings };
      const refused = partial.provider ? endpointRefusal(partial.provider) : null;
      if (refused && partial.provider) throw new ApiCallError('ERR_BAD_REQUEST', refused, [`settings.${addressField(partial.provider)}`]);
      // Whether the lock is on follows the passcode (setLockPasscode), whatever was sent.
      if (partial.lock) partial.lock = { ...partial.lock, enabled: ctx.security?.lock.enabled() ?? settings.get().lock.enabled };
      const { settings: next, changed } = settings.update(partial);
      if (changed.length) audit.append({ action: 'settings-changed', detail: { keys: changed } });
      if (changed.includes('lock')) ctx.announceSecurity();
      if (changed.includes('provider') || changed.includes('extractorMode')) ctx.applyAi();
      const restartRequired = changed.some((k) => RESTART_SETTINGS.has(k));
      hlog.info('settings changed', { keys: changed, restartRequired });
      return { settings: next, restartRequired };
    },

    async setProviderKey({ key }) {
      // The key is saved for the service the settings name now, and only ever sent there.
      const provider = settings.get().provider;
      if (!provider) throw new ApiCallError('ERR_BAD_REQUEST', 'Choose the AI service in Settings and save, then add its key.', ['key']);
      const refused = endpointRefusal(provider);
      if (refused) throw new ApiCallError('ERR_BAD_REQUEST', refused, [addressField(provider)]);
      keyStore.save(key.trim(), provider);
      ctx.applyAi();
      audit.append({ action: 'key-set', detail: { persisted: keyStore.persistent() } });
      hlog.info('provider key set', { persisted: keyStore.persistent() });
      return { hasKey: keyStore.keyFor(provider) !== null, persisted: keyStore.persistent() };
    },

    async clearProviderKey() {
      keyStore.clear();
      ctx.applyAi();
      audit.append({ action: 'key-cleared' });
      hlog.info('provider key cleared');
      return { hasKey: false };
    },

    async hasProviderKey() {
      // A key saved for another address does not count: it will not be sent here.
      return { hasKey: keyStore.keyFor(settings.get().provider) !== null };
    },

    async testProvider() {
      const provider = settings.get().provider;
      if (!provider) {
        return { status: 'not-configured', message: 'No AI provider is set up. Choose one in settings first.' };
      }
      if (!ctx.ai) {
        return { status: 'not-configured', message: 'AI extraction is not available in this version of the app.' };
      }
      const refused = endpointRefusal(provider);
      if (refused) return { status: 'not-configured', message: refused };
      // Never the saved key to an address it was not saved for (issue 13).
      const key = keyStore.keyFor(provider);
      if (!key && provider.kind !== 'compatible' && keyStore.savedForAnother(provider)) {
        return {
          status: 'not-configured',
          message: 'The saved key was for a different AI service address. Type the key again for this one: it is not sent anywhere it was not saved for.',
        };
      }
      const report = await ctx.ai.testConnection(provider, key);
      // The test may have learnt the server's response format: rebuild the port with it.
      if (report.status === 'reachable') ctx.applyAi();
      hlog.info('provider tested', { status: report.status });
      return report;
    },

    async saveCsv(request) {
      if (!ctx.host.saveCsv) throw new ApiCallError('ERR_UNAVAILABLE', 'Saving through a dialog is only in the desktop app.');
      return ctx.host.saveCsv(request);
    },

    async getWatchedFolder() {
      return { status: ctx.watched.status() };
    },

    async setWatchedFolder({ path }) {
      return { status: ctx.watched.setFolder(path) };
    },

    async chooseWatchedFolder() {
      if (!ctx.host.pickFolder) throw new ApiCallError('ERR_UNAVAILABLE', 'Choosing a folder in a dialog is only in the desktop app. Type the folder’s path instead.');
      const path = await ctx.host.pickFolder('watch');
      if (path === null) return { status: ctx.watched.status(), cancelled: true };
      return { status: ctx.watched.setFolder(path), cancelled: false };
    },

    async takeWatchedFiles() {
      return { files: ctx.watched.take() };
    },

    async getSessionInfo() {
      return { ...ctx.session };
    },
  };
}
