import type { Box } from '../contract/text';
import { downscale, otsuThreshold, type GrayImage } from './image';

/**
 * Skew: the angle a scanned page was fed in at. Estimated with a projection profile: ink
 * pixels are summed along lines tilted at each candidate angle, and at the true angle the
 * text lines and table rules pile into sharp peaks (the sum of squared row counts is
 * largest). Done on a downscaled copy, so it costs a few tens of milliseconds a page.
 *
 * Angles are in degrees, positive when the content is turned clockwise as seen on screen
 * (y down), the way a canvas `rotate` turns it.
 */
export interface SkewEstimate {
  degrees: number;
  /** Ink pixels the estimate rests on; a near-empty page says little about its angle. */
  inkPixels: number;
}

export interface SkewOptions {
  /** Largest angle looked for, either way. */
  maxDegrees?: number;
  /** Resolution of the measuring copy, as a width in pixels. */
  workingWidth?: number;
}

const COARSE_STEP = 0.1;
const FINE_STEP = 0.01;
/** Enough ink to trust the profile: a few lines of text at the working resolution. */
const MIN_INK = 500;
/** Keeps the cost flat on dark or busy pages. */
const MAX_SAMPLES = 250_000;

export function estimateSkew(img: GrayImage, opts: SkewOptions = {}): SkewEstimate {
  const maxDeg = opts.maxDegrees ?? 3;
  const factor = Math.max(1, Math.floor(img.width / (opts.workingWidth ?? 900)));
  const small = downscale(img, factor);
  const threshold = Math.min(otsuThreshold(small), 200);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < small.height; y++) {
    const row = y * small.width;
    for (let x = 0; x < small.width; x++) {
      if (small.data[row + x]! <= threshold) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const ink = xs.length;
  if (ink < MIN_INK) return { degrees: 0, inkPixels: ink };
  const stride = Math.max(1, Math.ceil(ink / MAX_SAMPLES));
  const px = new Float64Array(Math.ceil(ink / stride));
  const py = new Float64Array(px.length);
  for (let i = 0, j = 0; i < ink; i += stride, j++) {
    px[j] = xs[i]! - small.width / 2;
    py[j] = ys[i]!;
  }
  const margin = Math.ceil(small.width * Math.tan((maxDeg * Math.PI) / 180)) + 2;
  const bins = new Float64Array(small.height + 2 * margin);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < px.length; i++) {
      // Where this pixel's text line crosses the page's vertical centre line.
      const r = py[i]! - px[i]! * t + margin;
      const r0 = Math.floor(r);
      const f = r - r0;
      bins[r0]! += 1 - f;
      bins[r0 + 1]! += f;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += COARSE_STEP) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - COARSE_STEP; d <= coarse + COARSE_STEP + 1e-9; d += FINE_STEP) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return { degrees: Math.round(best * 100) / 100, inkPixels: ink };
}

/** Rotates a point about a centre, clockwise-positive on screen (y down). */
export function rotatePoint(x: number, y: number, degrees: number, cx: number, cy: number): { x: number; y: number } {
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const dx = x - cx;
  const dy = y - cy;
  return { x: cx + dx * cos - dy * sin, y: cy + dx * sin + dy * cos };
}

/**
 * OCR items of a deskewed page are placed on the straightened page, so that the layout
 * code sees level lines. This maps such a box back onto the page as scanned (turned by
 * `skewDegrees` about the page centre): the axis-aligned box around the turned box, for
 * drawing a highlight over the scan.
 */
export function toScannedBox(box: Box, skewDegrees: number, pageWidth: number, pageHeight: number): Box {
  if (skewDegrees === 0) return { ...box };
  const cx = pageWidth / 2;
  const cy = pageHeight / 2;
  const corners = [
    rotatePoint(box.x, box.y, skewDegrees, cx, cy),
    rotatePoint(box.x + box.width, box.y, skewDegrees, cx, cy),
    rotatePoint(box.x, box.y + box.height, skewDegrees, cx, cy),
    rotatePoint(box.x + box.width, box.y + box.height, skewDegrees, cx, cy),
  ];
  const x = Math.min(...corners.map((c) => c.x));
  const y = Math.min(...corners.map((c) => c.y));
  const right = Math.max(...corners.map((c) => c.x));
  const bottom = Math.max(...corners.map((c) => c.y));
  return { page: box.page, x: r2(x), y: r2(y), width: r2(right - x), height: r2(bottom - y) };
}

function r2(n: number): number {
  return Math.round(n * 100) / 100;
}
