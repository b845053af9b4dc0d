import type { ProviderKind } from '../core/contract/settings';

/**
 * Where the AI provider key is kept. It lives only in main: the renderer can set or clear
 * it and learn whether one is present, never read it back. The desktop store encrypts it
 * with the OS (safeStorage, main/shell/); web mode keeps it in memory for the session.
 */
export interface KeyStore {
  get(): string | null;
  has(): boolean;
  /** May throw ApiCallError('ERR_UNAVAILABLE') when the key cannot be kept safely. */
  set(key: string): void;
  clear(): void;
  /** Whether a key set now is still there after a restart (false: this session only). */
  persistent(): boolean;
}

/** Web mode: the key lasts as long as the server process, and is never written anywhere. */
export function createMemoryKeyStore(): KeyStore {
  let key: string | null = null;
  return {
    get: () => key,
    has: () => key !== null,
    set: (k) => {
      key = k;
    },
    clear: () => {
      key = null;
    },
    persistent: () => false,
  };
}

type Env = Record<string, string | undefined>;

/** The environment variable each provider's key is read from, as the openai SDK does. */
export function envKeyFor(kind: ProviderKind | null, env: Env): string | null {
  const value = kind === 'azure' ? (env.AZURE_OPENAI_API_KEY ?? env.AZURE_API_KEY) : env.OPENAI_API_KEY;
  return value && value.trim() ? value.trim() : null;
}

/**
 * A key entered in the app wins; otherwise the environment's key for the configured
 * provider is used, so a server started with OPENAI_API_KEY needs no typing. Clearing
 * forgets the entered key only: the environment belongs to whoever started the server.
 */
export function withEnvironmentKey(inner: KeyStore, providerKind: () => ProviderKind | null, env: Env = process.env): KeyStore {
  const fromEnv = () => envKeyFor(providerKind(), env);
  return {
    get: () => inner.get() ?? fromEnv(),
    has: () => inner.has() || fromEnv() !== null,
    set: (k) => inner.set(k),
    clear: () => inner.clear(),
    persistent: () => inner.persistent(),
  };
}
