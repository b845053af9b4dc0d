import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { ApiCallError } from '../core/api/contract';
import { log } from '../core/log/logger';
import { writeFileAtomically } from '../services/json-file';
import type { KeyStore } from '../services/key-store';

export const KEY_FILE = 'provider-key.bin';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * The desktop key store: the provider key encrypted by the OS (DPAPI on Windows, the
 * keychain on macOS, libsecret/kwallet on Linux) in the user-data folder. Where the OS
 * offers no real protection (Linux without a secret service falls back to a fixed
 * password, 'basic_text'), the key is kept in memory for this session only rather than
 * written in a form anyone could decrypt.
 */
export function createSafeStorageKeyStore(safe: SafeStorageLike, dir: string, platform: NodeJS.Platform = process.platform): KeyStore {
  const path = join(dir, KEY_FILE);
  let cached: string | null | undefined;

  const protectedByOs = () => safe.isEncryptionAvailable() && !(platform === 'linux' && safe.getSelectedStorageBackend() === 'basic_text');

  function load(): string | null {
    if (cached !== undefined) return cached;
    cached = null;
    let sealed: Buffer;
    try {
      sealed = readFileSync(path);
    } catch {
      return cached;
    }
    try {
      if (safe.isEncryptionAvailable()) cached = safe.decryptString(sealed);
    } catch {
      // Sealed for another user or machine (a copied profile): treat as no key.
      log.warn('stored provider key could not be decrypted');
    }
    return cached;
  }

  return {
    get: load,
    has: () => load() !== null,
    set(key) {
      if (!key) throw new ApiCallError('ERR_BAD_REQUEST', 'The key is empty.');
      if (protectedByOs()) {
        writeFileAtomically(path, safe.encryptString(key));
      } else {
        rmSync(path, { force: true });
        log.warn('no OS key protection: provider key kept for this session only');
      }
      cached = key;
    },
    clear() {
      rmSync(path, { force: true });
      cached = null;
    },
    persistent: protectedByOs,
  };
}
