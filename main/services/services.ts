import { userInfo } from 'node:os';
import type { ApiEvent, Channel } from '../core/api/contract';
import { effectiveMode } from '../core/contract/settings';
import type { Engine, EngineOptions } from '../core/engine/types';
import { log } from '../core/log/logger';
import { createCpuPool, type CpuPool } from '../core/pipeline/cpu-pool';
import type { AiPort, OcrPort } from '../core/pipeline/ports';
import type { AiLink } from './ai-link';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { auditEngineOutcomes } from './audit/engine-audit';
import { createKeyringAnchor } from './audit/keyring-anchor';
import { createDispatch, type ChannelGuard, type Invoke } from './dispatch';
import { engineOptionsFrom } from './engine-options';
import { ensureDataDir } from './data-dir';
import { createEventHub } from './event-hub';
import { createHandlers, type Handlers, type HostPorts, type SessionInfo } from './handlers';
import type { KeyStore } from './key-store';
import { endpointRefusal } from './provider-endpoint';
import { bindKeyToEndpoint } from './provider-keys';
import { createPickedFiles } from './picked-files';
import { createLockGuard, eventAllowedWhileLocked } from './security/lock-guard';
import type { Security } from './security/security';
import type { SettingsStore } from './settings-store';
import { createUsageStore } from './usage-store';
import { createWatchedFolder, type WatchedFolder } from './watched-folder/watched-folder-service';
import { createExportFolder } from './export-folder/export-folder-service';

/**
 * The composition root shared by the Electron shell and the local web server: the CPU
 * pool and the engine, settings, the provider key, one handler per contract channel, and
 * the engine's events fanned out to every transport. Nothing here imports electron.
 */
export interface ServicesOptions {
  mode: 'desktop' | 'web';
  version: string;
  /** The app's data folder: settings.json and token usage live here. */
  dataDir: string;
  settings: SettingsStore;
  keyStore: KeyStore;
  createEngine(options: EngineOptions): Engine;
  /** Tests pass a fake; the app uses worker threads. */
  createCpuPool?(options: { threads?: number }): CpuPool;
  /** Local OCR for scanned pages; without it such documents fail with ERR_NO_TEXT. */
  createOcr?(): ClosableOcr | null;
  ai?: AiLink | null;
  host?: HostPorts;
  /**
   * Runs before every call and may refuse it by throwing an ApiCallError (the app lock
   * refuses data calls with ERR_LOCKED). One place, so no handler can forget it.
   */
  guard?(channel: Channel): void;
  userName?: string;
  /**
   * The data key and the app lock (both hosts pass one). While either is closed the lock
   * guard refuses data calls and record events are held back.
   */
  security?: Security;
  /** Where audit events go; by default the audit folder in dataDir. */
  audit?: AuditLog;
  /** Tests: a watched folder with their own timings. */
  createWatchedFolder?(deps: { dataDir: string; picked: ReturnType<typeof createPickedFiles>; audit: AuditLog }): WatchedFolder;
}

export interface Services {
  readonly handlers: Handlers;
  /**
   * Runs one channel's handler behind the guards, with its payload parsed once by the
   * channel's schema (dispatch.ts); failures come back as data, never thrown.
   */
  invoke: Invoke;
  /** Engine events, for each window or WebSocket. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  readonly engine: Engine;
  readonly session: SessionInfo;
  readonly audit: AuditLog;
  close(): Promise<void>;
}

export type ClosableOcr = OcrPort & { close(): Promise<void> };

const slog = log.child({ scope: 'services' });

export function createServices(opts: ServicesOptions): Services {
  const { settings } = opts;
  ensureDataDir(opts.dataDir);
  const initial = settings.get();
  const keyStore = bindKeyToEndpoint(opts.keyStore, initial.provider);
  const cpu = (opts.createCpuPool ?? createCpuPool)(initial.cpuThreads ? { threads: initial.cpuThreads } : {});
  const ocr = opts.createOcr?.() ?? null;
  const engine = opts.createEngine({ ...engineOptionsFrom(initial, cpu, createUsageStore(opts.dataDir)), ocr });
  const ai = opts.ai ?? null;
  const hub = createEventHub<ApiEvent>();
  const security = opts.security ?? null;
  const unsubscribeEngine = engine.subscribe((event) => {
    if (!security?.closed() || eventAllowedWhileLocked(event)) hub.emit(event);
  });
  const session: SessionInfo = { mode: opts.mode, version: opts.version, userName: opts.userName ?? osUserName() };
  const audit = opts.audit ?? createAuditLog({ dataDir: opts.dataDir, who: session.userName, anchor: createKeyringAnchor(opts.dataDir, opts.mode) });
  const unsubscribeAudit = auditEngineOutcomes(engine, audit);
  const announceSecurity = () => {
    if (security) hub.emit({ type: 'security', security: security.state(settings.get().lock.idleMinutes) });
  };

  function applyAi(): void {
    const s = settings.get();
    const mode = effectiveMode(s);
    let port: AiPort | null = null;
    const refused = endpointRefusal(s.provider);
    if (refused) slog.warn('provider not attached', { code: 'endpoint-refused' });
    if (s.provider && ai && !refused) {
      try {
        port = ai.createAiPort(s.provider, keyStore.keyFor(s.provider));
      } catch (err) {
        // An incomplete configuration (no key yet, no endpoint) leaves the engine on its own
        // rules; the settings screen's test explains what is missing.
        slog.warn('provider not attached', { code: (err as { code?: unknown }).code ?? null });
      }
    }
    engine.setAi(port, mode);
  }
  applyAi();

  const guards: ChannelGuard[] = [];
  if (security) guards.push(createLockGuard(security));
  if (opts.guard) guards.push(opts.guard);
  const picked = createPickedFiles();
  const watched = (opts.createWatchedFolder ?? createWatchedFolder)({ dataDir: opts.dataDir, picked, audit });
  const exportFolder = createExportFolder({ dataDir: opts.dataDir, audit });
  const handlers = createHandlers({ engine, settings, keyStore, ai, host: opts.host ?? {}, picked, session, applyAi, audit, security, announceSecurity, watched, exportFolder });

  return {
    handlers,
    engine,
    session,
    audit,
    invoke: createDispatch(handlers, guards),
    subscribe: (listener) => hub.subscribe(listener),
    async close() {
      unsubscribeEngine();
      unsubscribeAudit();
      watched.close();
      await engine.close();
      await Promise.all([cpu.destroy(), ocr?.close()]);
    },
  };
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // Some service accounts have no passwd entry; the audit trail still needs a value.
    return 'unknown';
  }
}
