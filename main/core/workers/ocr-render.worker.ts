import { createCanvas } from '@napi-rs/canvas';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { openPdf } from '../pdf/pdfjs';
import { estimateSkew } from '../ocr/deskew';
import { encodePgm, median3, rgbaToGray, rotateGray } from '../ocr/image';
import type { RenderedPage, RenderPageTask } from './ocr-render-protocol';

/**
 * Runs in a piscina worker thread: renders one PDF page for OCR as a straightened
 * grayscale image. Rendering and image work are CPU-bound and would stall the main
 * process; tesseract runs in its own threads and reads the result.
 */

/** Below this, turning the image costs more (blur from resampling) than it gains. */
const MIN_CORRECTION_DEGREES = 0.15;

export default async function renderPage(task: RenderPageTask): Promise<RenderedPage> {
  const doc = await openPdf(task.bytes);
  try {
    const page = await doc.getPage(task.page);
    try {
      const base = page.getViewport({ scale: 1 });
      const scale = task.dpi / 72;
      const viewport = page.getViewport({ scale });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      // Transparent pixels would read as black: scans and digital pages both sit on white paper.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport }).promise;
      let gray = rgbaToGray(ctx.getImageData(0, 0, width, height).data, width, height);
      let skewDegrees = 0;
      if (task.deskew) {
        const skew = estimateSkew(gray, { maxDegrees: task.maxSkewDegrees });
        if (Math.abs(skew.degrees) >= MIN_CORRECTION_DEGREES) {
          gray = rotateGray(gray, -skew.degrees);
          skewDegrees = skew.degrees;
        }
      }
      if (task.denoise) gray = median3(gray);
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
