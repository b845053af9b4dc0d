import { ApiCallError, type ResponseOf, type ValidRequestOf } from '../core/api/contract';
import type { Engine, SubmitDocument } from '../core/engine/types';
import { log } from '../core/log/logger';
import type { AiLink } from './ai-link';
import type { AuditLog } from './audit/audit-log';
import type { Handlers } from './dispatch';
import { RESTART_SETTINGS } from './engine-options';
import type { KeyStore } from './key-store';
import type { SettingsStore } from './settings-store';
import { createSecurityHandlers } from './security/security-handlers';
import type { Security } from './security/security';

/** What only a host can do: the desktop shell shows native dialogs; web mode has none. */
export interface HostPorts {
  saveCsv?(request: ValidRequestOf<'saveCsv'>): Promise<ResponseOf<'saveCsv'>>;
  pickDocuments?(request: ValidRequestOf<'pickDocuments'>): Promise<ResponseOf<'pickDocuments'>>;
}

export interface SessionInfo {
  mode: 'desktop' | 'web';
  userName: string;
  version: string;
}

export interface HandlerContext {
  engine: Engine;
  settings: SettingsStore;
  keyStore: KeyStore;
  ai: AiLink | null;
  host: HostPorts;
  session: SessionInfo;
  /** Re-attaches the provider after the settings or the key changed. */
  applyAi(): void;
  audit: AuditLog;
  /** The data key and the app lock; absent in hosts (tests) that do not lock. */
  security: Security | null;
  /** Tells every window that the lock's state changed. */
  announceSecurity(): void;
}

export type { Handlers } from './dispatch';

const hlog = log.child({ scope: 'handlers' });

export function createHandlers(ctx: HandlerContext): Handlers {
  const { engine, settings, keyStore, audit } = ctx;

  return {
    ...createSecurityHandlers({ security: ctx.security, audit, settings, engine, announce: ctx.announceSecurity }),

    async submitDocuments({ docs }) {
      const submits: SubmitDocument[] = docs.map((d) => ({
        id: d.id,
        name: d.name,
        source: { kind: 'bytes', bytes: d.bytes },
        size: d.bytes.byteLength,
        ...(d.sha256 !== undefined && { sha256: d.sha256 }),
        ...(d.priority !== undefined && { priority: d.priority }),
        ...(d.processAgain !== undefined && { processAgain: d.processAgain }),
        ...(d.mode !== undefined && { mode: d.mode }),
      }));
      const jobs = engine.submit(submits);
      // Ids only: a file name may be a patient's name.
      for (const d of submits) audit.append({ action: 'submitted', documentId: d.id ?? null, detail: d.processAgain ? { processAgain: true } : {} });
      hlog.info('documents submitted', { count: submits.length, bytes: submits.reduce((n, d) => n + (d.size ?? 0), 0) });
      return { jobs };
    },

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
      keyStore.set(key.trim());
      ctx.applyAi();
      audit.append({ action: 'key-set', detail: { persisted: keyStore.persistent() } });
      hlog.info('provider key set', { persisted: keyStore.persistent() });
      return { hasKey: keyStore.has(), persisted: keyStore.persistent() };
    },

    async clearProviderKey() {
      keyStore.clear();
      ctx.applyAi();
      audit.append({ action: 'key-cleared' });
      hlog.info('provider key cleared');
      return { hasKey: keyStore.has() };
    },

    async hasProviderKey() {
      return { hasKey: keyStore.has() };
    },

    async testProvider() {
      const provider = settings.get().provider;
      if (!provider) {
        return { status: 'not-configured', message: 'No AI provider is set up. Choose one in settings first.' };
      }
      if (!ctx.ai) {
        return { status: 'not-configured', message: 'AI extraction is not available in this version of the app.' };
      }
      const report = await ctx.ai.testConnection(provider, keyStore.get());
      // The test may have learnt the server's response format: rebuild the port with it.
      if (report.status === 'reachable') ctx.applyAi();
      hlog.info('provider tested', { status: report.status });
      return report;
    },

    async saveCsv(request) {
      if (!ctx.host.saveCsv) throw new ApiCallError('ERR_UNAVAILABLE', 'Saving through a dialog is only in the desktop app.');
      return ctx.host.saveCsv(request);
    },

    async pickDocuments(request) {
      if (!ctx.host.pickDocuments) throw new ApiCallError('ERR_UNAVAILABLE', 'The file dialog is only in the desktop app.');
      return ctx.host.pickDocuments(request);
    },

    async getSessionInfo() {
      return { ...ctx.session };
    },
  };
}
