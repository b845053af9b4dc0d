import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../main/core/api/contract';
import { createDataKeyVault, type KekSource } from '../../main/services/security/data-key-vault';
import { keyringPath } from '../../main/services/security/keyring-file';
import { tempDir } from '../server/harness';

/**
 * Main's half of encryption at rest: the data key exists on disk only wrapped, opens only
 * with the right passphrase (or this OS user's seal), and a wrong one is refused without
 * harm to what is stored.
 */
const PASSPHRASE = 'correct horse battery staple';
const FAST: KekSource = { method: 'passphrase', iterations: 100_000 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function vaultIn(dir: string, kek: KekSource = FAST, now?: () => number) {
  return createDataKeyVault({ path: keyringPath(dir, 'web'), kek, ...(now && { now }) });
}

async function refusal(p: Promise<unknown>): Promise<ApiCallError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiCallError);
  return err as ApiCallError;
}

describe('data key vault (passphrase)', () => {
  it('makes a random 256-bit key that is on disk only wrapped, and opens it again with the passphrase', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    const first = vaultIn(dir);
    expect(first.state()).toBe('not-set-up');
    const made = await first.setUp(PASSPHRASE);
    expect(made.key.byteLength).toBe(32);
    expect(first.state()).toBe('open');

    const file = readFileSync(keyringPath(dir, 'web'));
    expect(file.includes(Buffer.from(made.key))).toBe(false);
    expect(file.toString()).not.toContain(Buffer.from(made.key).toString('base64'));
    expect(file.toString()).not.toContain(PASSPHRASE);
    expect(JSON.parse(file.toString())).toMatchObject({ method: 'passphrase', kdf: { name: 'PBKDF2-SHA256', iterations: 100_000 } });

    // The server restarted: the same key comes back from the passphrase alone.
    const again = vaultIn(dir);
    expect(again.state()).toBe('locked');
    expect((await refusal(again.open())).code).toBe('ERR_LOCKED');
    const opened = await again.open(PASSPHRASE);
    expect(Buffer.from(opened.key).equals(Buffer.from(made.key))).toBe(true);
    expect(opened.keyId).toBe(made.keyId);
    // Open for the rest of the run: a reloaded page gets it without the passphrase.
    expect(Buffer.from((await again.open()).key).equals(Buffer.from(made.key))).toBe(true);
  });

  it('refuses a wrong passphrase without touching the keyring, then slows guessing down', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    await vaultIn(dir).setUp(PASSPHRASE);
    const before = readFileSync(keyringPath(dir, 'web'), 'utf8');
    let t = 1_000_000;
    const vault = vaultIn(dir, FAST, () => t);
    for (let i = 0; i < 3; i++) expect((await refusal(vault.open('not the passphrase'))).code).toBe('ERR_WRONG_SECRET');
    expect(vault.waitSeconds()).toBe(0);
    expect((await refusal(vault.open('still not it'))).code).toBe('ERR_WRONG_SECRET');
    expect(vault.waitSeconds()).toBe(2);
    // During the wait even the right passphrase is not looked at.
    const waiting = await refusal(vault.open(PASSPHRASE));
    expect(waiting.message).toMatch(/Wait 2 seconds/);
    t += 2_000;
    expect((await vault.open(PASSPHRASE)).key.byteLength).toBe(32);
    expect(readFileSync(keyringPath(dir, 'web'), 'utf8')).toBe(before);
  });

  it('replaces the key for delete-everything: the old key is gone from the keyring', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    const vault = vaultIn(dir);
    const old = await vault.setUp(PASSPHRASE);
    const next = await vault.replace();
    expect(next.keyId).not.toBe(old.keyId);
    expect(Buffer.from(next.key).equals(Buffer.from(old.key))).toBe(false);
    const reopened = await vaultIn(dir).open(PASSPHRASE);
    expect(reopened.keyId).toBe(next.keyId);
    expect(Buffer.from(reopened.key).equals(Buffer.from(next.key))).toBe(true);
  });

  it('keeps an unreadable keyring aside instead of overwriting it', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    writeFileSync(keyringPath(dir, 'web'), '{"version": 99}');
    const vault = vaultIn(dir);
    expect(vault.state()).toBe('not-set-up');
    await vault.setUp(PASSPHRASE);
    expect(readdirSync(dir).some((f) => f.startsWith('keyring-web.json.unreadable-'))).toBe(true);
  });
});

describe('data key vault (sealed by the OS)', () => {
  // A stand-in for safeStorage: sealing for "this user" is XOR with a per-user pad.
  const sealFor = (user: number): KekSource => ({
    method: 'os',
    seal: (b) => Buffer.from(b.map((x) => x ^ user)),
    unseal: (b) => Buffer.from(b.map((x) => x ^ user)),
  });

  it('sets up and opens without anyone typing anything, and keeps only the sealed wrapping key', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    const path = join(dir, 'keyring-desktop.json');
    const vault = createDataKeyVault({ path, kek: sealFor(7) });
    const made = await vault.setUp();
    const again = createDataKeyVault({ path, kek: sealFor(7) });
    expect(again.state()).toBe('locked');
    expect(Buffer.from((await again.open()).key).equals(Buffer.from(made.key))).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain(Buffer.from(made.key).toString('base64'));
  });

  it('does not open for another OS user (a copied profile)', async () => {
    const dir = tempDir('scr-vault-');
    dirs.push(dir);
    const path = join(dir, 'keyring-desktop.json');
    await createDataKeyVault({ path, kek: sealFor(7) }).setUp();
    const other = createDataKeyVault({ path, kek: sealFor(9) });
    expect((await refusal(other.open())).code).toBe('ERR_WRONG_SECRET');
    expect(other.state()).toBe('locked');
  });
});
