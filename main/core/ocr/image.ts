/**
 * Grayscale page images as plain byte arrays: what the render worker produces, the deskew
 * step measures and rotates, and tesseract reads (as PGM, which Leptonica decodes with no
 * compression cost on either side).
 */
export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, row by row, 0 black … 255 white. */
  data: Uint8Array;
}

/** RGBA canvas pixels → luminance (ITU-R BT.601 weights, in integer arithmetic). */
export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    data[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
  }
  return { width, height, data };
}

/** Binary PGM (P5): a short text header and the raw bytes. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** Shrinks by an integer factor, averaging each factor × factor block. */
export function downscale(img: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const width = Math.floor(img.width / f);
  const height = Math.floor(img.height / f);
  const sums = new Uint32Array(width);
  const data = new Uint8Array(width * height);
  const area = f * f;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < f; dy++) {
      const row = (y * f + dy) * img.width;
      for (let x = 0; x < width; x++) {
        let s = 0;
        const start = row + x * f;
        for (let dx = 0; dx < f; dx++) s += img.data[start + dx]!;
        sums[x]! += s;
      }
    }
    for (let x = 0; x < width; x++) data[y * width + x] = Math.round(sums[x]! / area);
  }
  return { width, height, data };
}

/** Otsu's threshold: the gray level that best separates ink from paper. */
export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]!++;
  const total = img.data.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let sumBack = 0;
  let weightBack = 0;
  let best = 127;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    weightBack += hist[t]!;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += t * hist[t]!;
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const between = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/**
 * Rotates by `degrees` about the image centre (positive turns the content clockwise as
 * seen on screen, as a canvas `rotate` does), bilinear, with white filling the corners.
 */
export function rotateGray(img: GrayImage, degrees: number): GrayImage {
  const { width, height, data: src } = img;
  const out = new Uint8Array(width * height);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    // Inverse mapping: each output pixel samples the source at the point rotated back.
    let sx = cos * -cx + sin * dy + cx;
    let sy = -sin * -cx + cos * dy + cy;
    const row = y * width;
    for (let x = 0; x < width; x++, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) {
        out[row + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + width]! + (src[i + width + 1]! - src[i + width]!) * fx;
      out[row + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { width, height, data: out };
}

/**
 * A 3 × 3 median filter: removes the isolated specks of scanner and fax noise (which
 * tesseract reads as stray punctuation) while keeping stroke edges.
 */
export function median3(img: GrayImage): GrayImage {
  const { width, height, data: src } = img;
  const out = new Uint8Array(src);
  const win = new Uint8Array(9);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const c = y * width + x;
      // Flat paper (the bulk of a page) needs no sorting.
      const a = src[c - width - 1]!, b = src[c - width]!, d = src[c - width + 1]!;
      const e = src[c - 1]!, f = src[c]!, g = src[c + 1]!;
      const h = src[c + width - 1]!, k = src[c + width]!, m = src[c + width + 1]!;
      if (a === f && b === f && d === f && e === f && g === f && h === f && k === f && m === f) continue;
      win[0] = a; win[1] = b; win[2] = d; win[3] = e; win[4] = f; win[5] = g; win[6] = h; win[7] = k; win[8] = m;
      win.sort();
      out[c] = win[4]!;
    }
  }
  return { width, height, data: out };
}
