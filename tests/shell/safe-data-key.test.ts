import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { keyringPath } from '../../main/services/security/keyring-file';
import { osKekSource } from '../../main/shell/safe-data-key';
import { tempDir } from '../server/harness';
import { createElectronMock } from './electron-mock';

type SafeStorageLike = Parameters<typeof osKekSource>[0];

/** The electron mock's safeStorage, with a fresh state for each test; its folder is removed after. */
function mockSafeStorage() {
  const { electron, state } = createElectronMock();
  rmSync(state.userData, { recursive: true, force: true });
  return { safe: electron.safeStorage as unknown as SafeStorageLike, state };
}

/** The desktop's data key: sealed by the OS where it really protects, a passphrase where it does not. */
describe('desktop data key protection', () => {
  it('seals the wrapping key with safeStorage, so the keyring holds nothing usable in the clear', async () => {
    const { safe } = mockSafeStorage();
    const source = osKekSource(safe, 'win32');
    expect(source?.method).toBe('os');
    const dir = tempDir('scr-desktop-key-');
    const vault = createDataKeyVault({ path: keyringPath(dir, 'desktop'), kek: source! });
    const made = await vault.setUp();
    const ring = JSON.parse(readFileSync(keyringPath(dir, 'desktop'), 'utf8')) as { method: string; sealedKek: string };
    expect(ring.method).toBe('os');
    // The mock's seal marks what it sealed: the wrapping key went through safeStorage.
    expect(Buffer.from(ring.sealedKek, 'base64').toString()).toMatch(/^sealed:/);
    const reopened = await createDataKeyVault({ path: keyringPath(dir, 'desktop'), kek: osKekSource(safe, 'win32')! }).open();
    expect(Buffer.from(reopened.key).equals(Buffer.from(made.key))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('falls back to a passphrase where the OS offers no real protection', () => {
    const { safe, state } = mockSafeStorage();
    state.encryption.backend = 'basic_text';
    expect(osKekSource(safe, 'linux')).toBeNull();
    state.encryption.available = false;
    expect(osKekSource(safe, 'win32')).toBeNull();
  });
});
