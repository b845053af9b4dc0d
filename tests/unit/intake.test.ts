import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/contract/errors';
import { validatePdfBytes } from '../../main/core/intake/validate-bytes';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { SAMPLES_DIR } from '../helpers/samples';

// The project's own sample set (same file names as ../shared/samples/scr).
const bytes = (name: string) => new Uint8Array(readFileSync(SAMPLES_DIR + name));

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not-app-error';
  }
}

async function readCode(b: Uint8Array, maxPages = 100): Promise<string | null> {
  try {
    await readDocumentText(b, { maxPages });
    return null;
  } catch (err) {
    return (err as AppError).code;
  }
}

describe('intake by bytes, never by name', () => {
  it('refuses empty, non-PDF and HTML files as ERR_INVALID_FILE_TYPE', () => {
    expect(codeOf(() => validatePdfBytes(new Uint8Array()))).toBe('ERR_INVALID_FILE_TYPE');
    expect(codeOf(() => validatePdfBytes(bytes('bad-notpdf.pdf')))).toBe('ERR_INVALID_FILE_TYPE');
    expect(codeOf(() => validatePdfBytes(bytes('bad-html.pdf')))).toBe('ERR_INVALID_FILE_TYPE');
    expect(codeOf(() => validatePdfBytes(bytes('doc001-gpsummary.pdf')))).toBeNull();
  });

  it('refuses files over the size limit, with the limit in plain words', () => {
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(Buffer.from('%PDF-1.7\n'));
    try {
      validatePdfBytes(big);
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('ERR_FILE_TOO_LARGE');
      expect((err as AppError).message).toMatch(/20 MB/);
    }
    expect(codeOf(() => validatePdfBytes(bytes('doc001-gpsummary.pdf'), { maxBytes: 1000 }))).toBe('ERR_FILE_TOO_LARGE');
  });

  it('refuses a PDF cut short before parsing it', () => {
    const whole = bytes('doc001-gpsummary.pdf');
    expect(codeOf(() => validatePdfBytes(whole.slice(0, Math.floor(whole.length * 0.8))))).toBe('ERR_PDF_CORRUPT');
    expect(codeOf(() => validatePdfBytes(bytes('bad-truncated.pdf')))).toBe('ERR_PDF_CORRUPT');
  });

  it('refuses password-protected and broken PDFs when opening them', async () => {
    expect(await readCode(bytes('bad-encrypted.pdf'))).toBe('ERR_PDF_ENCRYPTED');
    const broken = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj garbage\n%%EOF\n'));
    expect(await readCode(broken)).toBe('ERR_PDF_CORRUPT');
  });

  it('enforces the page cap', async () => {
    expect(await readCode(bytes('doc001-gpsummary.pdf'), 1)).toBe('ERR_FILE_TOO_LARGE');
  });

  it('keeps the caller’s bytes intact (pdfjs detaches what it is given)', async () => {
    const b = bytes('doc003-emis.pdf');
    const before = b.byteLength;
    const text = await readDocumentText(b, { maxPages: 100 });
    expect(b.byteLength).toBe(before);
    expect(text.pages).toHaveLength(1);
    const first = text.items[0]!;
    expect(first).toMatchObject({ str: 'Patient Summary', page: 1 });
    // Top-left origin: the title sits near the top of the page.
    expect(first.y).toBeLessThan(80);
  });
});
