import { availableParallelism } from 'node:os';
import { AppError } from '../contract/errors';
import type { DocumentText, PageInfo, TextItem } from '../contract/text';
import { abortReason } from '../contract/abort';
import type { OcrPort } from '../pipeline/ports';
import { log } from '../log/logger';
import { createRenderPool, shareBytes } from './render-pool';
import { createTesseractPool, type TesseractPoolStats } from './tesseract-pool';
import { clusterSizes, itemsFromTesseract } from './words-to-items';

export interface OcrServiceOptions {
  /** Tesseract workers; defaults to the machine's cores. */
  workers?: number;
  /** Render threads; rendering is a fraction of OCR's cost, so fewer are needed. */
  renderThreads?: number;
  /**
   * Render resolution (default 200). Measured on 150 dpi scans of the samples (tilt, noise,
   * JPEG): 150 dpi F1 0.85, 200 dpi 0.94, 250 dpi 0.91, 300 dpi 0.90, with CPU per page
   * rising with resolution. Upsampling a coarse scan further only magnifies its noise, and
   * 200 dpi is also what a fax sends.
   */
  dpi?: number;
  /** Measure and remove skew before OCR (default on). */
  deskew?: boolean;
  /** Largest skew corrected, degrees either way (default 3). */
  maxSkewDegrees?: number;
  /** Remove table rules before OCR (default on). */
  removeRules?: boolean;
  /** Remove isolated specks before OCR (default on: it costs little and stops stray punctuation). */
  denoise?: boolean;
  /** Folder holding eng.traineddata.gz; defaults to the @tesseract.js-data/eng package. */
  langPath?: string;
}

export interface OcrStats extends TesseractPoolStats {
  renderThreads: number;
  /** Whether the render threads were started (they start on the first page that needs OCR). */
  renderStarted: boolean;
}

export interface OcrService extends OcrPort {
  /** Starts the tesseract workers now instead of on the first scanned page. */
  warm(): Promise<void>;
  stats(): OcrStats;
  /** Stops every worker; calls in flight fail with ERR_CANCELLED. */
  close(): Promise<void>;
}

const DEFAULT_DPI = 200;
const logger = log.child({ scope: 'ocr' });

/**
 * Local OCR for pages without a usable text layer: each page is rendered (worker threads),
 * read by tesseract (its own worker pool, reused across documents), and its words replace
 * the page's items as TextItems with `conf`, placed on the straightened page. Page images
 * and text stay in this process; only page numbers, counts and timings are logged.
 */
export function createOcrService(opts: OcrServiceOptions = {}): OcrService {
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const renderThreads = Math.max(1, opts.renderThreads ?? Math.ceil(workers / 4));
  const dpi = opts.dpi ?? DEFAULT_DPI;
  const render = createRenderPool({ threads: renderThreads });
  const tesseract = createTesseractPool({
    size: workers,
    langPath: opts.langPath,
    params: {
      // We render the page ourselves, so tell tesseract the resolution instead of letting it guess.
      user_defined_dpi: String(dpi),
      // One uniform block: tesseract finds the text lines and words, and the layout code,
      // not tesseract's column finder, decides what is a column. On the scanned samples this
      // read tables better than automatic segmentation and took less time.
      tessedit_pageseg_mode: '6',
      // Scans are dark print on light paper: skip tesseract's second pass over inverted lines.
      tessedit_do_invert: '0',
    },
  });
  let closed = false;

  async function recognise(
    bytes: Uint8Array,
    text: DocumentText,
    pages: number[],
    o: { signal: AbortSignal; onPage?: (done: number, total: number) => void },
  ): Promise<DocumentText> {
    if (closed) throw new AppError('ERR_CANCELLED', { reason: 'ocr-closed' });
    if (o.signal.aborted) throw abortReason(o.signal);
    const wanted = [...new Set(pages)].filter((p) => text.pages.some((info) => info.page === p)).sort((a, b) => a - b);
    if (wanted.length === 0) return text;

    // One controller for this document: a failing page stops its siblings too.
    const local = new AbortController();
    const onOuterAbort = () => local.abort(o.signal.reason);
    o.signal.addEventListener('abort', onOuterAbort, { once: true });
    const shared = shareBytes(bytes);
    const results = new Map<number, OcrPageResult>();
    const started = Date.now();
    let done = 0;

    const readPage = async (page: number) => {
      const rendered = await render.render(
        shared,
        page,
        {
          dpi,
          deskew: opts.deskew ?? true,
          maxSkewDegrees: opts.maxSkewDegrees ?? 3,
          removeRules: opts.removeRules ?? true,
          denoise: opts.denoise ?? true,
        },
        local.signal,
      );
      const result = await tesseract.recognise(rendered.image, local.signal);
      results.set(page, {
        items: itemsFromTesseract(result, { page, scale: rendered.scale }),
        skew: rendered.skewDegrees,
        scale: rendered.scale,
      });
      done++;
      o.onPage?.(done, wanted.length);
    };

    // Keep every tesseract worker fed, with one page rendering ahead, but no more page
    // images in memory than that (a 200 dpi A4 page is about 4 MB of gray).
    const inFlight = Math.min(wanted.length, workers + 1);
    let next = 0;
    const lane = async () => {
      while (next < wanted.length) {
        if (local.signal.aborted) return;
        await readPage(wanted[next++]!);
      }
    };
    let firstError: unknown = null;
    try {
      await Promise.all(
        Array.from({ length: inFlight }, () =>
          lane().catch((err: unknown) => {
            // The first failure is the one to report; siblings then fail as cancelled.
            firstError ??= err;
            local.abort(err);
          }),
        ),
      );
      if (o.signal.aborted) throw abortReason(o.signal);
      if (firstError !== null) {
        throw firstError instanceof AppError
          ? firstError
          : new AppError('ERR_PROCESSING', { reason: 'ocr-failed', cause: firstError });
      }
    } finally {
      o.signal.removeEventListener('abort', onOuterAbort);
    }
    logger.info('ocr document', { pages: wanted.length, ms: Date.now() - started });
    return mergeOcrPages(text, results);
  }

  return {
    recognise,
    warm: () => tesseract.warm(),
    stats: () => ({ ...tesseract.stats(), renderThreads, renderStarted: render.started }),
    async close() {
      closed = true;
      await Promise.all([tesseract.close(), render.destroy()]);
    },
  };
}

/** One page as OCR read it: its words, the skew removed, and image pixels per point. */
export interface OcrPageResult {
  items: TextItem[];
  skew: number;
  scale: number;
}

/**
 * The document with each OCR'd page's items replaced by its OCR words (sizes snapped
 * across all OCR'd pages together) and its source set to 'ocr'. Other pages are untouched.
 */
export function mergeOcrPages(
  text: DocumentText,
  results: ReadonlyMap<number, OcrPageResult>,
): DocumentText {
  const all = [...results.values()];
  const scale = Math.min(...all.map((r) => r.scale));
  const ocrItems = clusterSizes(all.flatMap((r) => r.items), scale);
  const byPage = new Map<number, TextItem[]>();
  for (const it of ocrItems) {
    let list = byPage.get(it.page);
    if (!list) byPage.set(it.page, (list = []));
    list.push(it);
  }
  const pages: PageInfo[] = text.pages.map((p) => {
    const r = results.get(p.page);
    if (!r) return p;
    // OCR read the page from its pixels: the text layer's damage no longer applies to its items.
    const { damage: _replaced, ...rest } = p;
    const info: PageInfo = { ...rest, source: 'ocr' };
    if (r.skew !== 0) info.skewDegrees = r.skew;
    return info;
  });
  const items: TextItem[] = [];
  for (const p of text.pages) {
    if (results.has(p.page)) items.push(...(byPage.get(p.page) ?? []));
    else items.push(...text.items.filter((it) => it.page === p.page));
  }
  return { pages, items };
}
