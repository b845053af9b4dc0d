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

export interface DespeckleOptions {
  /** Largest speck removed, in pixels of ink. */
  maxArea: number;
  /** A speck with other ink this close (pixels) is kept: it may be a full stop or an i's dot. */
  clearance: number;
}

/**
 * Removes specks (dust, toner, sensor noise) that stand apart from everything else on the
 * page. Tesseract reads such specks as stray full stops, quotes and commas, which then split
 * or pollute the words around them; a real full stop or dot sits right beside its letters
 * and is kept. Ink is anything at or below the page's Otsu threshold.
 */
export function despeckle(img: GrayImage, opts: DespeckleOptions): GrayImage {
  const { width, height } = img;
  const data = new Uint8Array(img.data);
  const threshold = Math.min(otsuThreshold(img), 200);
  const n = width * height;
  const dark = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (data[i]! <= threshold) dark[i] = 1;

  // Ink per block, so "is there other ink nearby?" costs a few block lookups.
  const B = 8;
  const bw = Math.ceil(width / B);
  const bh = Math.ceil(height / B);
  const blocks = new Uint32Array(bw * bh);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const brow = ((y / B) | 0) * bw;
    for (let x = 0; x < width; x++) if (dark[row + x]) blocks[brow + ((x / B) | 0)]!++;
  }

  const seen = new Uint8Array(n);
  const stack = new Int32Array(n > 1 << 22 ? 1 << 22 : n);
  const pixels: number[] = [];
  for (let start = 0; start < n; start++) {
    if (!dark[start] || seen[start]) continue;
    // Flood-fill one component (8-connected), keeping its pixels only while it is small.
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let area = 0;
    let x0 = width, y0 = height, x1 = 0, y1 = 0;
    pixels.length = 0;
    while (top > 0) {
      const p = stack[--top]!;
      area++;
      const px = p % width;
      const py = (p - px) / width;
      if (area <= opts.maxArea) pixels.push(p);
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (dark[q] && !seen[q] && top < stack.length) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    if (area > opts.maxArea) continue;
    // Other ink within the clearance: the blocks around the speck hold more than the speck.
    const bx0 = Math.max(0, ((x0 - opts.clearance) / B) | 0);
    const by0 = Math.max(0, ((y0 - opts.clearance) / B) | 0);
    const bx1 = Math.min(bw - 1, ((x1 + opts.clearance) / B) | 0);
    const by1 = Math.min(bh - 1, ((y1 + opts.clearance) / B) | 0);
    let ink = 0;
    for (let by = by0; by <= by1; by++) for (let bx = bx0; bx <= bx1; bx++) ink += blocks[by * bw + bx]!;
    if (ink > area) continue;
    for (const p of pixels) data[p] = 255;
  }
  return { width, height, data };
}


export interface RuleOptions {
  /** Shortest dark run, in pixels, taken for a rule rather than part of a character. */
  minLength: number;
  /** Thickest line, in pixels, taken for a rule rather than a filled band. */
  maxThickness: number;
}

/**
 * Removes table rules: long thin horizontal and vertical lines. Tesseract reads a rule that
 * touches text as letters ('|', '1', '_') or mangles the words on it, and a gridded table
 * is full of them. The page is straightened first, so rules run along rows and columns.
 * A run counts as a rule when it is longer than any character stroke and has paper just
 * beyond its thickness on one side or the other; a filled band (white text on a dark
 * header) is left alone. Characters crossing a rule lose only the rule's pixels.
 */
export function removeRules(img: GrayImage, opts: RuleOptions): GrayImage {
  const { width, height } = img;
  // Rules are often printed light grey, lighter than the ink threshold: look for them at
  // halfway between that threshold and paper.
  const threshold = Math.round((Math.min(otsuThreshold(img), 200) + 255) / 2);
  const dark = (i: number) => img.data[i]! <= threshold;
  const erase = new Uint8Array(width * height);
  const t = opts.maxThickness + 1;
  // Horizontal runs, bridging one-pixel breaks from noise.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    let gap = 0;
    for (let x = 0; x <= width; x++) {
      const isDark = x < width && dark(row + x);
      if (isDark) {
        if (start < 0) start = x;
        gap = 0;
        continue;
      }
      if (start >= 0 && x < width && gap < 1) {
        gap++;
        continue;
      }
      if (start >= 0) {
        const end = x - gap;
        if (end - start >= opts.minLength) {
          for (let i = start; i < end; i++) {
            const thinAbove = y - t < 0 || !dark(row - t * width + i);
            const thinBelow = y + t >= height || !dark(row + t * width + i);
            if (thinAbove || thinBelow) erase[row + i] = 1;
          }
        }
      }
      start = -1;
      gap = 0;
    }
  }
  // Vertical runs, the same way down each column.
  for (let x = 0; x < width; x++) {
    let start = -1;
    let gap = 0;
    for (let y = 0; y <= height; y++) {
      const isDark = y < height && dark(y * width + x);
      if (isDark) {
        if (start < 0) start = y;
        gap = 0;
        continue;
      }
      if (start >= 0 && y < height && gap < 1) {
        gap++;
        continue;
      }
      if (start >= 0) {
        const end = y - gap;
        if (end - start >= opts.minLength) {
          for (let j = start; j < end; j++) {
            const thinLeft = x - t < 0 || !dark(j * width + x - t);
            const thinRight = x + t >= width || !dark(j * width + x + t);
            if (thinLeft || thinRight) erase[j * width + x] = 1;
          }
        }
      }
      start = -1;
      gap = 0;
    }
  }
  const data = new Uint8Array(img.data);
  for (let i = 0; i < data.length; i++) if (erase[i]) data[i] = 255;
  return { width, height, data };
}
