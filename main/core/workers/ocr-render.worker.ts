import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { AppError } from '../contract/errors';
import { isTooComplex, mapPdfError, openPdf, tooComplex } from '../pdf/pdfjs';
import { startMeter, stopMeter } from '../pdf/pdfjs-runtime';
import { estimateSkew } from '../ocr/deskew';
import { despeckle, encodePgm, invertDarkBands, removeRules, rgbaToGray, type GrayImage } from '../ocr/image';
import type { RenderedPage, RenderPageTask } from './ocr-render-protocol';

/**
 * Runs in a piscina worker thread: renders one PDF page for OCR as a straightened, cleaned
 * grayscale image. Rendering and image work are CPU-bound and would stall the main
 * process; tesseract runs in its own threads and reads the result.
 */

/**
 * Largest page rendered, in pixels: an A0 sheet at 200 dpi is 62 M. A page larger than this
 * (a hostile MediaBox or UserUnit) cannot be drawn in memory: skia refuses it, or worse,
 * takes gigabytes trying.
 */
const MAX_RENDER_PIXELS = 70_000_000;

/** Below this, turning the image costs more (blur from resampling) than it gains. */
const MIN_CORRECTION_DEGREES = 0.15;
/** Skew is measured on a copy about this wide: plenty for a tenth of a degree. */
const SKEW_WORKING_WIDTH = 850;

export default async function renderPage(task: RenderPageTask): Promise<RenderedPage> {
  const meter = startMeter();
  try {
    const page = await renderMetered(task);
    if (meter.exceeded) throw tooComplex(meter.exceeded === 'image' ? 'image-too-large' : 'inflate-limit');
    return page;
  } catch (err) {
    // Structured clone keeps only an Error's message and name: send the fields the pool reads.
    const e = err instanceof AppError ? err : isTooComplex(err as never) ? tooComplex('page-too-large') : mapPdfError(err);
    throw { name: e.name, code: e.code, message: e.message, reason: e.reason, retryable: e.retryable };
  } finally {
    stopMeter(meter);
  }
}

async function renderMetered(task: RenderPageTask): Promise<RenderedPage> {
  const doc = await openPdf(task.bytes);
  try {
    const page = await doc.getPage(task.page);
    try {
      const base = page.getViewport({ scale: 1 });
      const scale = task.dpi / 72;
      const viewport = page.getViewport({ scale });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      if (!(width * height <= MAX_RENDER_PIXELS)) throw tooComplex('page-too-large');
      const rendered = whiteCanvas(width, height);
      await page.render({ canvasContext: rendered.getContext('2d') as never, canvas: rendered as never, viewport }).promise;

      let skewDegrees = 0;
      let source = rendered;
      if (task.deskew) {
        const skew = estimateSkew(shrink(rendered, SKEW_WORKING_WIDTH), { maxDegrees: task.maxSkewDegrees });
        if (Math.abs(skew.degrees) >= MIN_CORRECTION_DEGREES) {
          skewDegrees = skew.degrees;
          // Native resampling: several times faster than doing it pixel by pixel in JS.
          source = whiteCanvas(width, height);
          const ctx = source.getContext('2d');
          ctx.translate(width / 2, height / 2);
          ctx.rotate((-skewDegrees * Math.PI) / 180);
          ctx.translate(-width / 2, -height / 2);
          ctx.drawImage(rendered, 0, 0);
        }
      }
      let gray = invertDarkBands(grayOf(source), bandsFor(task.dpi));
      if (task.removeRules) gray = removeRules(gray, rulesFor(task.dpi));
      if (task.denoise) gray = despeckle(gray, despeckleFor(task.dpi));
      const image = encodePgm(gray);
      const result: RenderedPage = {
        page: task.page,
        pageWidth: base.width,
        pageHeight: base.height,
        scale,
        widthPx: width,
        heightPx: height,
        skewDegrees,
        image,
      };
      // Hand the image buffer over instead of copying megabytes back to the main thread.
      const movable = { [transferableSymbol]: image.buffer, [valueSymbol]: result };
      return move(movable as never) as unknown as RenderedPage;
    } finally {
      page.cleanup();
    }
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** Transparent pixels would read as black: scans and digital pages both sit on white paper. */
function whiteCanvas(width: number, height: number): Canvas {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  return canvas;
}

function grayOf(canvas: Canvas): GrayImage {
  const { width, height } = canvas;
  return rgbaToGray(canvas.getContext('2d').getImageData(0, 0, width, height).data, width, height);
}

function shrink(canvas: Canvas, targetWidth: number): GrayImage {
  const factor = Math.max(1, canvas.width / targetWidth);
  const small = whiteCanvas(Math.round(canvas.width / factor), Math.round(canvas.height / factor));
  small.getContext('2d').drawImage(canvas, 0, 0, small.width, small.height);
  return grayOf(small);
}

/**
 * Speck limits scaled to the render: at 300 dpi a full stop in 9 pt print is about 20
 * pixels of ink and sits within a few pixels of its word; dust is as small but alone.
 */
function despeckleFor(dpi: number): { maxArea: number; clearance: number } {
  const k = dpi / 300;
  return { maxArea: Math.round(60 * k * k), clearance: Math.round(16 * k) };
}

/** Dark bands holding light text: at least a rule long and about a line of 7 pt print tall. */
function bandsFor(dpi: number): { minWidth: number; minHeight: number } {
  return { minWidth: Math.round(dpi * 0.35), minHeight: Math.round(dpi * 0.1) };
}

/**
 * Rules are longer than the tallest character stroke a page prints (a 24 pt heading's
 * capital is about a third of an inch) and thinner than a twentieth of an inch.
 */
function rulesFor(dpi: number): { minLength: number; maxThickness: number } {
  return { minLength: Math.round(dpi * 0.35), maxThickness: Math.max(2, Math.round(dpi / 60)) };
}
