import { createHash } from 'node:crypto';
import { AppError } from '../contract/errors';

export interface IntakeLimits {
  /** Largest file accepted, in bytes. Default 20 MB. */
  maxBytes: number;
  /** Most pages read from one document. Default 100. */
  maxPages: number;
  /** Wall-clock budget for reading and extracting one document, in ms. Default 60 s. */
  timeBudgetMs: number;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPages: 100,
  timeBudgetMs: 60_000,
};

// The PDF header may follow up to 1 KB of leading junk (ISO 32000-1, 7.5.2 implementation note).
const HEADER_WINDOW = 1024;
// Readers look for %%EOF in the final kilobyte; allow some trailing padding after it.
const TRAILER_WINDOW = 2048;

const PDF_HEADER = Buffer.from('%PDF-', 'latin1');
const EOF_MARKER = Buffer.from('%%EOF', 'latin1');

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Size alone decides this, so callers can refuse a huge file before reading it. */
export function checkSize(size: number, limits: Pick<IntakeLimits, 'maxBytes'> = DEFAULT_LIMITS): void {
  if (size === 0) {
    throw new AppError('ERR_INVALID_FILE_TYPE', {
      reason: 'empty',
      message: 'This file is empty. Check you chose the right file, or ask the sender to send it again.',
    });
  }
  if (size > limits.maxBytes) {
    const mb = Math.round(limits.maxBytes / (1024 * 1024));
    throw new AppError('ERR_FILE_TOO_LARGE', {
      reason: 'size-limit',
      message: `This file is larger than the ${mb} MB limit. Ask the sender for a smaller copy, or split it into parts.`,
    });
  }
}

/**
 * Judges a file by its bytes, never its name, before any parsing: empty, too large,
 * not a PDF, or cut short. Encryption and deeper damage are found when the PDF is opened.
 */
export function validatePdfBytes(bytes: Uint8Array, limits: Pick<IntakeLimits, 'maxBytes'> = DEFAULT_LIMITS): void {
  checkSize(bytes.byteLength, limits);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerAt = buf.subarray(0, HEADER_WINDOW + PDF_HEADER.length).indexOf(PDF_HEADER);
  if (headerAt < 0) {
    throw new AppError('ERR_INVALID_FILE_TYPE', { reason: 'not-pdf' });
  }
  const tail = buf.subarray(Math.max(0, buf.length - TRAILER_WINDOW));
  if (tail.indexOf(EOF_MARKER) < 0) {
    throw new AppError('ERR_PDF_CORRUPT', {
      reason: 'truncated',
      message:
        'This PDF is incomplete: the end of the file is missing, so it may have been cut short while sending. Ask the sender to send it again.',
    });
  }
}
