import type { SafeStorage } from 'electron';
import type { KekSource } from '../services/security/data-key-vault';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * The desktop's wrapping key for the data key, sealed by the OS through safeStorage. Null
 * where the OS offers no real protection (Linux without a secret service falls back to a
 * fixed password, 'basic_text'): there the data key is opened with a passphrase instead,
 * as in web mode, rather than with a seal anyone could open.
 */
export function osKekSource(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): KekSource | null {
  if (!safe.isEncryptionAvailable() || (platform === 'linux' && safe.getSelectedStorageBackend() === 'basic_text')) return null;
  return {
    method: 'os',
    seal: (kek) => safe.encryptString(kek.toString('base64')),
    unseal: (sealed) => Buffer.from(safe.decryptString(sealed), 'base64'),
  };
}
