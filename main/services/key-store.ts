/**
 * Where the AI provider key is kept. It lives only in main: the renderer can set or clear
 * it and learn whether one is present, never read it back. The desktop store encrypts it
 * with the OS (safeStorage, main/shell/); web mode keeps it in memory for the session.
 * The services keep it bound to the endpoint it was saved for (provider-keys.ts); the app
 * never takes a key from the environment (only the `extract` command reads
 * OPENAI_API_KEY and AZURE_OPENAI_API_KEY, see main/cli/ai-options.ts).
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
