import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../json-file';

/**
 * The keyring: the data key, wrapped, in main's data folder. One file per host mode,
 * because the desktop app and a browser in web mode keep separate databases. It holds
 * no secret in the clear: the wrapping key is either sealed by the OS (safeStorage) or
 * derived from a passphrase that is never stored.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(4096);

export const KeyringSchema = z.object({
  version: z.literal(1),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  method: z.enum(['os', 'passphrase']),
  /** passphrase: how the wrapping key is derived. */
  kdf: z.object({ name: z.literal('PBKDF2-SHA256'), iterations: z.number().int().min(100_000).max(10_000_000), salt: b64 }).optional(),
  /** os: the wrapping key as safeStorage sealed it. */
  sealedKek: b64.optional(),
  wrapped: z.object({ iv: b64, data: b64 }),
  createdAt: z.string(),
  /** The audit trail's last line as this host last wrote it (see audit/keyring-anchor.ts). Not secret. */
  auditHead: z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});

export type Keyring = z.infer<typeof KeyringSchema>;

export function keyringPath(dataDir: string, mode: 'desktop' | 'web'): string {
  return join(dataDir, `keyring-${mode}.json`);
}

export function readKeyring(path: string): Keyring | null {
  return readJsonFile(path, KeyringSchema);
}

export function writeKeyring(path: string, keyring: Keyring): void {
  writeJsonFile(path, keyring);
}

export function removeKeyring(path: string): void {
  rmSync(path, { force: true });
}
