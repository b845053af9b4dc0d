import { AppError } from '../contract/errors';
import type { DocumentText, PageInfo, TextItem } from '../contract/text';
import { loadPdfJs, mapPdfError, openPdf } from './pdfjs';

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

/**
 * Reads every text item with its page, box and font, in top-left page coordinates.
 * Whitespace-only items are dropped: they are gap fillers, and geometry says more.
 */
export async function readDocumentText(bytes: Uint8Array, opts: ReadTextOptions): Promise<DocumentText> {
  throwIfAborted(opts.signal);
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
    const sparse = opts.sparsePageChars ?? 20;
    for (let p = 1; p <= total; p++) {
      throwIfAborted(opts.signal);
      let page;
      try {
        page = await doc.getPage(p);
      } catch (err) {
        throw mapPdfError(err);
      }
      const viewport = page.getViewport({ scale: 1 });
      let content;
      try {
        content = await page.getTextContent();
      } catch (err) {
        throw mapPdfError(err);
      }
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
      const info: PageInfo = { page: p, width: round(viewport.width), height: round(viewport.height), source: 'text' };
      if (chars < sparse) {
        info.hasImage = await pageHasImage(page, pdfjs.OPS);
        if (chars === 0) info.source = 'none';
      }
      pages.push(info);
      page.cleanup();
      opts.onPage?.(p, total);
    }
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
