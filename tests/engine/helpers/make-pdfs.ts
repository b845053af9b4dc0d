import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A long text-only PDF (synthetic words), so a test can act while it is being parsed. */
export async function writeLongPdf(dir: string, pages: number, name = 'long.pdf'): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = pdf.addPage([595, 842]);
    for (let line = 0; line < 40; line++) {
      page.drawText(`Synthetic line ${line} of page ${p}: lorem ipsum dolor sit amet`, { x: 40, y: 800 - line * 19, size: 10, font });
    }
  }
  const path = join(dir, name);
  writeFileSync(path, await pdf.save());
  return path;
}

// A 2×2 grey PNG: enough for pdfjs to see an image on the page.
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgYGBgYAAAAAUAAXpeqz8AAAAASUVORK5CYII=',
  'base64',
);

/** A "scanned" PDF: one page with an image and no text layer. */
export async function writeScannedPdf(dir: string, name = 'scanned.pdf'): Promise<string> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(TINY_PNG);
  const page = pdf.addPage([595, 842]);
  page.drawImage(png, { x: 40, y: 40, width: 500, height: 700 });
  const path = join(dir, name);
  writeFileSync(path, await pdf.save());
  return path;
}
