import { AppError } from '../contract/errors';
import type { DocumentText, PageInfo, TextDamageReason, TextItem } from '../contract/text';
import { annotationItems } from './annotation-text';
import { loadPdfJs, mapPdfError, openPdf, tooComplex } from './pdfjs';
import { startMeter, stopMeter, type ReadMeter } from './pdfjs-runtime';
import { markDamage, warningReasons } from './text-damage';

export interface ReadTextOptions {
  maxPages: number;
  signal?: AbortSignal;
  /** Called after each page is read: pages done, pages in all. */
  onPage?: (done: number, total: number) => void;
  /**
   * Pages with fewer characters than this are checked for images, so that scanned pages
   * can be sent to OCR. Checking costs an operator-list walk, so only sparse pages pay it.
   */
  sparsePageChars?: number;
}

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

const DEFAULT_ASCENT = 0.8;
const DEFAULT_DESCENT = -0.2;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('ERR_CANCELLED');
}

/** A ceiling was reached while pdfjs worked: the document ends here, whatever pdfjs made of it. */
function throwIfTooComplex(meter: ReadMeter): void {
  if (meter.exceeded === 'inflate') throw tooComplex('inflate-limit');
  if (meter.exceeded === 'image') throw tooComplex('image-too-large');
}

/**
 * Reads every text item with its page, box and font, in top-left page coordinates,
 * including text that lives only in form fields and annotations. Whitespace-only items are
 * dropped: they are gap fillers, and geometry says more. Damaged text is marked, not
 * dropped (see text-damage.ts).
 */
export async function readDocumentText(bytes: Uint8Array, opts: ReadTextOptions): Promise<DocumentText> {
  throwIfAborted(opts.signal);
  const meter = startMeter();
  try {
    return await readWithMeter(bytes, opts, meter);
  } finally {
    stopMeter(meter);
  }
}

async function readWithMeter(bytes: Uint8Array, opts: ReadTextOptions, meter: ReadMeter): Promise<DocumentText> {
  const doc = await openPdf(bytes);
  try {
    const total = doc.numPages;
    if (total > opts.maxPages) {
      throw new AppError('ERR_FILE_TOO_LARGE', {
        reason: 'page-limit',
        // The limit only: errors never repeat a value from the document, its page count included.
        message: `This PDF has more pages than the ${opts.maxPages}-page limit. Ask the sender for the summary pages only.`,
      });
    }
    const pdfjs = await loadPdfJs();
    const pages: PageInfo[] = [];
    const items: TextItem[] = [];
    const pageWarnings = new Map<number, TextDamageReason[]>();
    const sparse = opts.sparsePageChars ?? 20;
    for (let p = 1; p <= total; p++) {
      throwIfAborted(opts.signal);
      const warnedBefore = meter.warnings.length;
      let page;
      let content;
      try {
        page = await doc.getPage(p);
        content = await page.getTextContent();
      } catch (err) {
        throwIfTooComplex(meter);
        throw mapPdfError(err);
      }
      throwIfTooComplex(meter);
      const viewport = page.getViewport({ scale: 1 });
      let chars = 0;
      for (const raw of content.items as RawTextItem[]) {
        if (typeof raw.str !== 'string' || raw.str.trim() === '') continue;
        const m = pdfjs.Util.transform(viewport.transform, raw.transform);
        // Rotation-aware size: the length of the text matrix's vertical axis.
        const size = Math.hypot(m[2]!, m[3]!) || raw.height || 1;
        const style = content.styles[raw.fontName] as { ascent?: number; descent?: number } | undefined;
        // Standard (non-embedded) fonts report NaN metrics.
        const ascent = Number.isFinite(style?.ascent) && style!.ascent! > 0 ? style!.ascent! : DEFAULT_ASCENT;
        const descent = Number.isFinite(style?.descent) && style!.descent! < 0 ? style!.descent! : DEFAULT_DESCENT;
        const baseline = m[5]!;
        items.push({
          str: raw.str,
          page: p,
          x: round(m[4]!),
          y: round(baseline - ascent * size),
          width: round(raw.width * (viewport.scale ?? 1)),
          height: round((ascent - descent) * size),
          font: raw.fontName,
          size: round(size),
        });
        chars += raw.str.length;
      }
      for (const it of await annotationItems(page, p, viewport)) {
        items.push(it);
        chars += it.str.length;
      }
      const info: PageInfo = { page: p, width: round(viewport.width), height: round(viewport.height), source: 'text' };
      if (chars < sparse) {
        info.hasImage = await pageHasImage(page, pdfjs.OPS);
        throwIfTooComplex(meter);
        if (chars === 0) info.source = 'none';
      }
      const reasons = warningReasons(meter.warnings.slice(warnedBefore));
      if (reasons.length) pageWarnings.set(p, reasons);
      pages.push(info);
      page.cleanup();
      opts.onPage?.(p, total);
    }
    markDamage(pages, items, pageWarnings);
    return { pages, items };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

async function pageHasImage(
  page: { getOperatorList(): Promise<{ fnArray: number[] }> },
  OPS: Record<string, number>,
): Promise<boolean> {
  const imageOps = new Set(
    ['paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat']
      .map((k) => OPS[k])
      .filter((v): v is number => typeof v === 'number'),
  );
  try {
    const list = await page.getOperatorList();
    return list.fnArray.some((fn) => imageOps.has(fn));
  } catch {
    return false;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
