import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for wrapping one key with another (main's side of encryption at rest). The
 * additional data binds a wrapped key to its id, so a wrapped key copied into another
 * keyring file does not open there. A wrong key fails the tag check: that is how a wrong
 * passphrase is told apart, with nothing decrypted.
 */
export interface WrappedKey {
  iv: string;
  data: string;
}

export function wrapKey(kek: Buffer, key: Buffer, aad: string): WrappedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), data: data.toString('base64') };
}

/** Null when the key is wrong or the wrapped key was altered. */
export function unwrapKey(kek: Buffer, wrapped: WrappedKey, aad: string): Buffer | null {
  try {
    const iv = Buffer.from(wrapped.iv, 'base64');
    const data = Buffer.from(wrapped.data, 'base64');
    if (iv.length !== 12 || data.length < 17) return null;
    const decipher = createDecipheriv('aes-256-gcm', kek, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}
