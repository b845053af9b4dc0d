import { createHash } from 'node:crypto';
import { AppError } from '../contract/errors';
import type { ExtractionWarning } from '../contract/text';
import { pdfShape, securityHandler } from './pdf-structure';

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

// Readers are asked to find the header within the first 1 KB (ISO 32000-1, 7.5.2); pdf.js
// reads a PDF after more junk than that, so it is accepted, with a warning.
const HEADER_WINDOW = 1024;

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
 * Judges a file by its bytes, never its name, before any parsing: empty, too large, not a
 * PDF, cut short, or locked with a security handler pdf.js cannot open. Password protection
 * and deeper damage are found when the PDF is opened. Returns warnings for a file that is
 * read all the same (junk ahead of the PDF).
 */
export function validatePdfBytes(bytes: Uint8Array, limits: Pick<IntakeLimits, 'maxBytes'> = DEFAULT_LIMITS): ExtractionWarning[] {
  checkSize(bytes.byteLength, limits);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const shape = pdfShape(text);
  // No header, or one inside something else with nothing of a PDF after it (a web page that
  // mentions "%PDF-"). A file that starts with the header and has nothing after it is a PDF
  // cut short, below.
  if (shape.headerAt < 0 || (!shape.pdfSyntax && shape.headerAt > 0)) {
    throw new AppError('ERR_INVALID_FILE_TYPE', { reason: 'not-pdf' });
  }
  if (!shape.complete || !shape.pdfSyntax) {
    throw new AppError('ERR_PDF_CORRUPT', {
      reason: 'truncated',
      message:
        'This PDF is incomplete: the end of the file is missing, so it may have been cut short while sending. Ask the sender to send it again.',
    });
  }
  const handler = securityHandler(text);
  if (handler !== null && handler !== 'Standard') {
    throw new AppError('ERR_PDF_ENCRYPTED', {
      reason: 'security-handler',
      message:
        'This PDF is locked with a security method SCR Extract cannot open (a certificate or a vendor’s protection, not a password). Ask the sender for an unprotected copy.',
    });
  }
  const warnings: ExtractionWarning[] = [];
  if (shape.headerAt > HEADER_WINDOW) {
    warnings.push({
      code: 'leading-junk',
      message:
        'This file had other data in front of the PDF, so it may have been damaged in sending. The PDF after it was read; check the record against the document, and ask the sender for a clean copy if anything is missing.',
    });
  }
  return warnings;
}
