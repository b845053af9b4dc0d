/**
 * AES-256-GCM through WebCrypto for rows at rest: a fresh random 96-bit IV for every seal,
 * and the table and row id as additional data, so a sealed value moved to another row
 * (or another table) fails to open instead of showing the wrong patient.
 *
 * Dexie's liveQuery follows only the promises it knows, so WebCrypto's are passed through
 * Promise.resolve() before they are awaited (Dexie's documented way to call other async
 * APIs from a live query).
 */
export interface SealedBox {
  iv: Uint8Array;
  data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const FORMAT = 'scr-extract/v1';

function aad(table: string, id: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${FORMAT}/${table}/${id}`);
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

export async function sealBytes(key: CryptoKey, table: string, id: string, plain: BufferSource): Promise<SealedBox> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await Promise.resolve(subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad(table, id) }, key, plain));
  return { iv, data: new Uint8Array(data) };
}

export async function openBytes(key: CryptoKey, table: string, id: string, box: SealedBox): Promise<ArrayBuffer> {
  return Promise.resolve(
    subtle().decrypt({ name: 'AES-GCM', iv: box.iv as Uint8Array<ArrayBuffer>, additionalData: aad(table, id) }, key, box.data as Uint8Array<ArrayBuffer>),
  );
}

export function sealJson(key: CryptoKey, table: string, id: string, value: unknown): Promise<SealedBox> {
  return sealBytes(key, table, id, encoder.encode(JSON.stringify(value)));
}

export async function openJson<T>(key: CryptoKey, table: string, id: string, box: SealedBox): Promise<T> {
  return JSON.parse(decoder.decode(await openBytes(key, table, id, box))) as T;
}

/** A PDF: IV and ciphertext together in one Blob, so IndexedDB keeps it in its blob files. */
export async function sealBlob(key: CryptoKey, table: string, id: string, blob: Blob): Promise<Blob> {
  const box = await sealBytes(key, table, id, await Promise.resolve(blob.arrayBuffer()));
  return new Blob([box.iv as Uint8Array<ArrayBuffer>, box.data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
}

export async function openBlob(key: CryptoKey, table: string, id: string, sealed: Blob, type: string): Promise<Blob> {
  const bytes = new Uint8Array(await Promise.resolve(sealed.arrayBuffer()));
  const plain = await openBytes(key, table, id, { iv: bytes.subarray(0, 12), data: bytes.subarray(12) });
  return new Blob([plain], { type });
}

/** The data key from main: imported so that script cannot read it back, and the bytes wiped. */
export async function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  try {
    return await subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}

/** Same IV, same sealed value: a cheap test for "this row has not changed since it was opened". */
export function sealTag(box: SealedBox): string {
  return String.fromCharCode(...box.iv);
}

/** A row's sealed value, named by its id and its seal's tag (sealTag: a fresh IV for every seal). */
export function sealedValueKey(id: string, tag: string): string {
  return `${id}\u0000${tag}`;
}
