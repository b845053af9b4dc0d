import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, createSafeStorageKeyStore } from '../../main/shell/safe-key-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir() {
  const d = mkdtempSync(join(tmpdir(), 'scr-key-'));
  dirs.push(d);
  return d;
}

function fakeSafeStorage(backend: string, available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as 'basic_text',
    encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => {
      if (!b.toString().startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(b.toString().slice(7), 'base64').toString();
    },
  };
}

describe('safeStorage key store', () => {
  it('writes the key only sealed by the OS, and reads it back after a restart', () => {
    const d = dir();
    const store = createSafeStorageKeyStore(fakeSafeStorage('gnome_libsecret'), d, 'linux');
    store.set('sk-abc-123');
    expect(store.persistent()).toBe(true);
    expect(readFileSync(join(d, KEY_FILE), 'utf8')).not.toContain('sk-abc-123');
    const again = createSafeStorageKeyStore(fakeSafeStorage('gnome_libsecret'), d, 'linux');
    expect(again.get()).toBe('sk-abc-123');
    again.clear();
    expect(existsSync(join(d, KEY_FILE))).toBe(false);
    expect(createSafeStorageKeyStore(fakeSafeStorage('gnome_libsecret'), d, 'linux').has()).toBe(false);
  });

  it('keeps the key for the session only when Linux has no real secret store (basic_text)', () => {
    const d = dir();
    const store = createSafeStorageKeyStore(fakeSafeStorage('basic_text'), d, 'linux');
    store.set('sk-abc-123');
    expect(store.get()).toBe('sk-abc-123');
    expect(store.persistent()).toBe(false);
    expect(existsSync(join(d, KEY_FILE))).toBe(false);
  });

  it('keeps it for the session only when encryption is unavailable', () => {
    const d = dir();
    const store = createSafeStorageKeyStore(fakeSafeStorage('unknown', false), d, 'win32');
    store.set('sk-abc-123');
    expect(existsSync(join(d, KEY_FILE))).toBe(false);
    expect(store.has()).toBe(true);
  });

  it('treats a key sealed elsewhere (copied profile) as no key', () => {
    const d = dir();
    writeFileSync(join(d, KEY_FILE), 'garbage');
    expect(createSafeStorageKeyStore(fakeSafeStorage('gnome_libsecret'), d, 'linux').has()).toBe(false);
  });
});
