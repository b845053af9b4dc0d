import type { Engine, EngineOptions } from '../core/engine/types';
import type { AiLink } from '../services/ai-link';
import { createMemoryKeyStore } from '../services/key-store';
import { createHostSecurity } from '../services/security/host-security';
import { createServices, type ClosableOcr, type Services } from '../services/services';
import { createSettingsStore } from '../services/settings-store';
import type { CpuPool } from '../core/pipeline/cpu-pool';
import { startLocalServer, type LocalServer } from './local-server';

/**
 * Local web mode put together: the shared services with a session-only key store, behind
 * the local server. Records are sealed with
 * a data key opened by a passphrase typed at start; until then data calls are refused.
 * No native dialogs: the browser's file chooser and downloads stand in (renderer/src/api).
 */
export interface WebModeOptions {
  dataDir: string;
  rendererDir: string;
  port: number;
  token?: string;
  version: string;
  createEngine(options: EngineOptions): Engine;
  ai: AiLink | null;
  createCpuPool?(options: { threads?: number }): CpuPool;
  createOcr?(): ClosableOcr | null;
  /** PBKDF2 rounds for a new passphrase (tests pass fewer); the keyring remembers its own. */
  kdfIterations?: number;
}

export interface WebMode {
  server: LocalServer;
  services: Services;
  stop(): Promise<void>;
}

export async function startWebMode(opts: WebModeOptions): Promise<WebMode> {
  const settings = createSettingsStore(opts.dataDir);
  // Typed in the app for this session only; never taken from the environment.
  const keyStore = createMemoryKeyStore();
  const services = createServices({
    mode: 'web',
    version: opts.version,
    dataDir: opts.dataDir,
    settings,
    keyStore,
    createEngine: opts.createEngine,
    ai: opts.ai,
    ...(opts.createCpuPool && { createCpuPool: opts.createCpuPool }),
    ...(opts.createOcr && { createOcr: opts.createOcr }),
    security: createHostSecurity({
      mode: 'web',
      dataDir: opts.dataDir,
      kek: { method: 'passphrase', ...(opts.kdfIterations && { iterations: opts.kdfIterations }) },
    }),
  });
  let server: LocalServer;
  try {
    server = await startLocalServer({
      services,
      rendererDir: opts.rendererDir,
      port: opts.port,
      ...(opts.token && { token: opts.token }),
    });
  } catch (err) {
    await services.close();
    throw err;
  }
  return {
    server,
    services,
    async stop() {
      await server.close();
      await services.close();
    },
  };
}
