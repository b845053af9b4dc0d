import { existsSync, renameSync } from 'node:fs';
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ApiCallError, type DataKeyGrant } from '../../core/api/contract';
import type { DataKeyState, KeyMethod } from '../../core/contract/security';
import { createAttemptLimiter } from './attempt-limiter';
import { unwrapKey, wrapKey } from './key-wrap';
import { readKeyring, writeKeyring, type Keyring } from './keyring-file';

/**
 * Main's half of encryption at rest. The renderer encrypts every row that holds patient
 * data with a random AES-256 data key; the data key is kept here only wrapped (AES-GCM)
 * by a wrapping key that is never written in the clear:
 * - 'os' (desktop): a random wrapping key sealed by Electron safeStorage (DPAPI, Keychain,
 *   libsecret), so it opens for this OS user on this machine without typing anything;
 * - 'passphrase' (web mode, or a desktop whose OS offers no real protection): derived
 *   with PBKDF2-SHA256 from a passphrase typed at start, with a random salt kept here.
 * Once opened, main holds the data key in memory until it stops and hands it to the
 * renderer on request (behind the app lock and the bridge's own checks).
 */
export type KekSource =
  | { method: 'passphrase'; iterations?: number }
  | { method: 'os'; seal(plain: Buffer): Buffer; unseal(sealed: Buffer): Buffer };

export interface DataKeyVault {
  readonly method: KeyMethod;
  state(): DataKeyState;
  /** First run: makes the data key. Refused when one exists. */
  setUp(passphrase?: string): Promise<DataKeyGrant>;
  /** The data key; opens it first if needed (the passphrase, for that method). */
  open(passphrase?: string): Promise<DataKeyGrant>;
  /** Delete everything: a new data key under the same wrapping key; the old one is gone. */
  replace(): Promise<DataKeyGrant>;
  waitSeconds(): number;
  /** The open key's id, or null. */
  keyId(): string | null;
}

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about a third of a second here. */
export const PBKDF2_ITERATIONS = 600_000;

const pbkdf2Async = promisify(pbkdf2);
const aadFor = (keyId: string) => `scr-extract data key ${keyId}`;

export function createDataKeyVault(opts: { path: string; kek: KekSource; now?: () => number }): DataKeyVault {
  const { path, kek: source } = opts;
  const limiter = createAttemptLimiter(opts.now);
  let open: { key: Buffer; keyId: string; kek: Buffer } | null = null;

  const grant = (): DataKeyGrant => ({ key: new Uint8Array(open!.key), keyId: open!.keyId });

  function stored(): Keyring | null {
    const ring = readKeyring(path);
    return ring && ring.method === source.method ? ring : null;
  }

  function save(key: Buffer, kek: Buffer, extra: Pick<Keyring, 'kdf' | 'sealedKek'>): void {
    const keyId = randomBytes(12).toString('base64url');
    // The audit trail's anchor outlives a new data key (delete everything keeps the trail).
    const auditHead = stored()?.auditHead;
    writeKeyring(path, {
      version: 1,
      keyId,
      method: source.method,
      ...extra,
      wrapped: wrapKey(kek, key, aadFor(keyId)),
      createdAt: new Date(opts.now?.() ?? Date.now()).toISOString(),
      ...(auditHead && { auditHead }),
    });
    open = { key, keyId, kek };
  }

  async function deriveKek(passphrase: string, salt: Buffer, iterations: number): Promise<Buffer> {
    return pbkdf2Async(passphrase.normalize('NFC'), salt, iterations, 32, 'sha256');
  }

  const wrongSecret = () =>
    new ApiCallError(
      'ERR_WRONG_SECRET',
      source.method === 'os' ? 'The data key could not be opened for this user on this computer.' : 'That passphrase is not right.',
    );

  /** The open key's passphrase, checked like any guess (one at a time, counted, slowed). */
  async function confirmOpenPassphrase(passphrase: string): Promise<void> {
    const kdf = stored()?.kdf;
    const right = await limiter.attempt(async () => {
      if (!kdf || !open) return null;
      const kek = await deriveKek(passphrase, Buffer.from(kdf.salt, 'base64'), kdf.iterations);
      return open !== null && kek.length === open.kek.length && timingSafeEqual(kek, open.kek) ? true : null;
    });
    if (!right) throw wrongSecret();
  }

  return {
    method: source.method,
    state: () => (open ? 'open' : stored() ? 'locked' : 'not-set-up'),

    async setUp(passphrase) {
      if (open || stored()) throw new ApiCallError('ERR_BAD_REQUEST', 'The data key is already set up.');
      // A keyring this version cannot read is kept aside for IT, never overwritten.
      if (existsSync(path)) renameSync(path, `${path}.unreadable-${Date.now()}`);
      const key = randomBytes(32);
      const kek = randomBytes(32);
      if (source.method === 'os') {
        save(key, kek, { sealedKek: source.seal(kek).toString('base64') });
      } else {
        if (!passphrase) throw new ApiCallError('ERR_BAD_REQUEST', 'Choose a passphrase.');
        const salt = randomBytes(16);
        const iterations = source.iterations ?? PBKDF2_ITERATIONS;
        const derived = await deriveKek(passphrase, salt, iterations);
        save(key, derived, { kdf: { name: 'PBKDF2-SHA256', iterations, salt: salt.toString('base64') } });
      }
      return grant();
    },

    async open(passphrase) {
      if (open) {
        // Open for the rest of the run: a reloaded page or another tab gets the key without
        // typing (behind the app lock and the bridge's checks). A passphrase that is sent must
        // still be right: a wrong one never returns the key (issue 13).
        if (passphrase !== undefined && source.method === 'passphrase') await confirmOpenPassphrase(passphrase);
        return grant();
      }
      const ring = stored();
      if (!ring) throw new ApiCallError('ERR_LOCKED', 'The data key has not been set up yet.');
      let opened: { key: Buffer; kek: Buffer } | null;
      if (source.method === 'os') {
        const kek = unsealOrNull(source, ring.sealedKek ?? '');
        const key = kek ? unwrapKey(kek, ring.wrapped, aadFor(ring.keyId)) : null;
        opened = kek && key ? { key, kek } : null;
      } else {
        const kdf = ring.kdf;
        if (!passphrase || !kdf) throw new ApiCallError('ERR_LOCKED', 'Enter the passphrase to open SCR Extract.');
        opened = await limiter.attempt(async () => {
          const kek = await deriveKek(passphrase, Buffer.from(kdf.salt, 'base64'), kdf.iterations);
          const key = unwrapKey(kek, ring.wrapped, aadFor(ring.keyId));
          return key ? { key, kek } : null;
        });
      }
      if (!opened) throw wrongSecret();
      // Opened meanwhile by a call that needed no guess (the OS method): keep that one.
      if (open) return grant();
      open = { ...opened, keyId: ring.keyId };
      return grant();
    },

    async replace() {
      if (!open) throw new ApiCallError('ERR_LOCKED');
      const ring = stored();
      const kek = open.kek;
      open.key.fill(0);
      save(randomBytes(32), kek, { ...(ring?.kdf && { kdf: ring.kdf }), ...(ring?.sealedKek && { sealedKek: ring.sealedKek }) });
      return grant();
    },

    waitSeconds: () => limiter.waitSeconds(),
    keyId: () => open?.keyId ?? null,
  };
}

/** Sealed for another user or machine (a copied profile): the OS refuses, which is the point. */
function unsealOrNull(source: { unseal(sealed: Buffer): Buffer }, sealed: string): Buffer | null {
  try {
    return source.unseal(Buffer.from(sealed, 'base64'));
  } catch {
    return null;
  }
}
