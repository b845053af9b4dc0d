import { existsSync, readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/contract/errors';
import type { Engine } from '../../main/core/engine/types';
import { validatePdfBytes } from '../../main/core/intake/validate-bytes';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { engineWith, sample } from '../engine/helpers/harness';

/**
 * Issue 13, items 5 and 6, at intake. Valid PDFs with bytes after %%EOF were refused as
 * "cut short" (the check wanted %%EOF in the last 2 KB), and junk over 1 KB before the
 * header was refused, though pdf.js reads both. A file really cut short must still be
 * refused, wherever the cut falls. HTML mentioning "%PDF-" is not a PDF; an unknown
 * security handler is encryption, not damage; the page-limit message names no count.
 * Every PDF here is made by the test (pdf-lib, or written by hand).
 */
const LINES = ['Patient Summary', 'Repeat medication: Test tablets 10mg', 'Allergies: none recorded', 'Problems: none'];

async function textPdf(opts: { pages?: number; objectStreams?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < (opts.pages ?? 1); p++) {
    const page = doc.addPage([595, 842]);
    LINES.forEach((line, i) => page.drawText(`${line} (page ${p + 1})`, { x: 50, y: 780 - i * 20, size: 11, font }));
  }
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

/** A PDF written by hand, with a correct cross-reference table. */
function handMade(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function encryptedWith(filter: string): Buffer {
  const content = 'BT /F1 12 Tf 50 780 Td (Patient Summary) Tj ET';
  return handMade(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /${filter} /V 2 /R 3 /Length 128 /P -4 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> >>`,
    ],
    `/Encrypt 6 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`,
  );
}

/** Bytes that hold no PDF syntax (seeded, so a run is repeatable). */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
}

function refusal(bytes: Uint8Array): { code: string; reason?: string | undefined; message: string } | null {
  try {
    validatePdfBytes(bytes);
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, reason: err.reason, message: err.message };
  }
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const text = await readDocumentText(bytes, { maxPages: 100 });
  return text.items.map((i) => i.str).join('|');
}

let classic: Buffer;
let streams: Buffer;
beforeAll(async () => {
  classic = await textPdf({ pages: 2 });
  streams = await textPdf({ pages: 2, objectStreams: true });
});

describe('valid PDFs with bytes around them are read', () => {
  const trailing: [string, () => Buffer][] = [
    ['3 KB of random bytes', () => noise(3000, 1)],
    ['100 KB of zeros', () => Buffer.alloc(100_000)],
    ['a mail footer that says "trailer" and "xref"', () => Buffer.from('\r\n-- \r\nThis email is confidential. See the trailer of this message; xref: ticket 4411.\r\n'.repeat(40))],
  ];
  for (const [name, junk] of trailing) {
    it(`${name} after %%EOF: accepted, no warning, and pdf.js reads every word`, async () => {
      for (const pdf of [classic, streams]) {
        const padded = Buffer.concat([pdf, junk()]);
        // Before the fix: ERR_PDF_CORRUPT "cut short while sending".
        expect(refusal(padded)).toBeNull();
        expect(validatePdfBytes(padded)).toEqual([]);
        expect(await textOf(padded)).toBe(await textOf(pdf));
      }
    });
  }

  it('over 1 KB of junk before %PDF-: accepted with a warning, and pdf.js reads every word', async () => {
    for (const size of [1500, 5000, 64 * 1024]) {
      const prefixed = Buffer.concat([noise(size, size), classic]);
      // Before the fix: ERR_INVALID_FILE_TYPE.
      const warnings = validatePdfBytes(prefixed);
      expect(warnings.map((w) => w.code)).toEqual(['leading-junk']);
      expect(warnings[0]!.path).toBeUndefined();
      expect(await textOf(prefixed)).toBe(await textOf(classic));
    }
    // Within the 1 KB the standard allows: nothing to say.
    expect(validatePdfBytes(Buffer.concat([noise(800, 3), classic]))).toEqual([]);
  });
});

describe('a PDF cut short is still refused, wherever the cut falls', () => {
  it('every cut is refused unless only the %%EOF marker went, and an accepted cut loses nothing', async () => {
    for (const pdf of [classic, streams]) {
      const whole = await textOf(pdf);
      const cuts = new Set<number>();
      for (let i = 1; i < 100; i++) cuts.add(Math.floor((pdf.length * i) / 100));
      for (let k = 1; k <= 40; k++) cuts.add(pdf.length - k);
      let accepted = 0;
      for (const at of cuts) {
        const cut = pdf.subarray(0, at);
        const r = refusal(cut);
        if (r === null) {
          accepted++;
          // Accepted only when no more than the end marker (and startxref's offset) went: the
          // cross-reference section is whole, and so is the text.
          expect(pdf.subarray(at).toString('latin1').trim(), `cut at ${at}`).toMatch(/^\d*\s*%?%?E?O?F?$/);
          expect(await textOf(cut), `cut at ${at}`).toBe(whole);
        } else {
          expect(r, `cut at ${at}`).toMatchObject({ code: 'ERR_PDF_CORRUPT', reason: 'truncated' });
        }
      }
      expect(accepted).toBeLessThanOrEqual(12);
    }
  });

  it('an incremental update cut short after the first %%EOF is refused, even with junk-free bytes before it', () => {
    const update = '\n7 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] >>\nendobj\nxref\n0 1\n0000000000 65535 f \n7 1\n';
    expect(refusal(Buffer.concat([classic, Buffer.from(update, 'latin1')]))).toMatchObject({ code: 'ERR_PDF_CORRUPT', reason: 'truncated' });
    expect(refusal(Buffer.concat([classic, Buffer.from('\n7 0 obj\n<< /Type /Annot', 'latin1')]))).toMatchObject({ code: 'ERR_PDF_CORRUPT' });
  });
});

describe('inputs named for what they are', () => {
  it('HTML that mentions %PDF- is not a PDF (ERR_INVALID_FILE_TYPE), not a damaged one', () => {
    const pages = [
      '<!doctype html><html><body><p>PDF files begin with %PDF-1.7.</p></body></html>',
      `<!doctype html><html><body><p>Download failed. Expected %PDF-1.4 data.</p>${'<div>padding</div>'.repeat(300)}</body></html>`,
      '<html><body>%PDF-1.7 … %%EOF</body></html>',
    ];
    for (const html of pages) {
      // Before the fix: ERR_PDF_CORRUPT (no %%EOF in the last 2 KB).
      expect(refusal(Buffer.from(html))).toMatchObject({ code: 'ERR_INVALID_FILE_TYPE', reason: 'not-pdf' });
    }
  });

  it('an unknown security handler (a certificate, vendor DRM) is ERR_PDF_ENCRYPTED, not corrupt', async () => {
    for (const filter of ['Adobe.PubSec', 'AcmeRightsManagement', 'FOPN_foweb']) {
      const pdf = encryptedWith(filter);
      expect(refusal(pdf)).toMatchObject({ code: 'ERR_PDF_ENCRYPTED', reason: 'security-handler' });
      // What the old path gave: pdf.js cannot open it and it was called damaged.
      await expect(readDocumentText(pdf, { maxPages: 100 })).rejects.toMatchObject({ code: 'ERR_PDF_CORRUPT' });
    }
    // The Standard (password) handler is left to pdf.js, which tells a password from damage.
    expect(refusal(encryptedWith('Standard'))).toBeNull();
  });

  it('the page-limit message names the limit, never the document’s page count', async () => {
    const seven = await textPdf({ pages: 7 });
    const err = await readDocumentText(seven, { maxPages: 2 }).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(err).toMatchObject({ code: 'ERR_FILE_TOO_LARGE', reason: 'page-limit' });
    expect(err!.message).toContain('2-page limit');
    // Before the fix: "This PDF has 7 pages, more than…".
    expect(err!.message).not.toMatch(/7/);
  });
});

const SCR_SAMPLE = sample('doc001-gpsummary.pdf');
describe.runIf(existsSync(SCR_SAMPLE))('through the engine (skipped without ../shared/samples)', () => {
  let cpu: CpuPool;
  let engine: Engine | null = null;
  beforeAll(() => {
    cpu = createCpuPool({ threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
    await cpu.destroy();
  });

  it('a record behind 2 KB of junk and followed by 3 KB more completes, with the leading-junk warning in its result', async () => {
    const bytes = Buffer.concat([noise(2048, 9), readFileSync(SCR_SAMPLE), noise(3000, 10)]);
    engine = engineWith(cpu);
    const [job] = engine.submit([{ name: 'padded.pdf', source: { kind: 'bytes', bytes: new Uint8Array(bytes) } }]);
    await engine.idle();
    expect(engine.job(job!.id)).toMatchObject({ status: 'complete' });
    const result = engine.result(job!.id)!;
    expect(result.warnings.filter((w) => w.code === 'leading-junk')).toHaveLength(1);
    expect(result.record.patient.nhsNumber).toBeTruthy();
  });
});
