/**
 * How bridge payloads that hold bytes (PDFs in submitDocuments) cross HTTP in web mode.
 * JSON would turn a 2 MB PDF into a 7 MB array of numbers, and base64 adds a third; this
 * frame keeps the JSON for the structure and appends the bytes raw:
 *
 *   'SCR1' | JSON length (uint32, big-endian) | JSON | bytes…
 *
 * Each Uint8Array in the value becomes {"$bytes":[offset,length]} in the JSON, offsets
 * counted from the end of the JSON. Runs in the browser and in Node (no Buffer).
 */
export const FRAME_CONTENT_TYPE = 'application/x-scr-frame';

const MAGIC = [0x53, 0x43, 0x52, 0x31];
const HEADER_BYTES = 8;
const BYTES_KEY = '$bytes';

export function containsBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(containsBytes);
  if (value && typeof value === 'object') return Object.values(value).some(containsBytes);
  return false;
}

export function encodeFrame(value: unknown): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const json = JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    // Read the holder's raw value: a Node Buffer's toJSON has already turned `v` into numbers.
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Uint8Array) {
      const ref = { [BYTES_KEY]: [offset, raw.byteLength] };
      parts.push(raw);
      offset += raw.byteLength;
      return ref;
    }
    return v;
  });
  const jsonBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(HEADER_BYTES + jsonBytes.byteLength + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, jsonBytes.byteLength, false);
  out.set(jsonBytes, HEADER_BYTES);
  let at = HEADER_BYTES + jsonBytes.byteLength;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/** The returned Uint8Arrays are views into `frame`: no copy of the PDF bytes is made. */
export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < HEADER_BYTES || MAGIC.some((b, i) => frame[i] !== b)) {
    throw new FrameError('not a frame');
  }
  const jsonLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4, false);
  const blobStart = HEADER_BYTES + jsonLength;
  if (blobStart > frame.byteLength) throw new FrameError('frame cut short');
  const blobLength = frame.byteLength - blobStart;
  const json = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(HEADER_BYTES, blobStart));
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === BYTES_KEY) {
        const ref = (v as Record<string, unknown>)[BYTES_KEY];
        if (
          Array.isArray(ref) &&
          ref.length === 2 &&
          Number.isSafeInteger(ref[0]) &&
          Number.isSafeInteger(ref[1]) &&
          ref[0] >= 0 &&
          ref[1] >= 0 &&
          ref[0] + ref[1] <= blobLength
        ) {
          return frame.subarray(blobStart + ref[0], blobStart + ref[0] + ref[1]);
        }
        throw new FrameError('bad byte reference');
      }
    }
    return v;
  });
}
