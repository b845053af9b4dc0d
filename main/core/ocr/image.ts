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
  const reach = 2 * t;
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
        if (end - start >= opts.minLength && !bandEdge(start, end, (i, d) => dark(row + d * width + i), y - reach >= 0, y + reach < height)) {
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
        if (end - start >= opts.minLength && !bandEdge(start, end, (j, d) => dark(j * width + x + d), x - reach >= 0, x + reach < width)) {
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

  /**
   * A run that has ink out to twice the rule thickness along most of its length, on one
   * side or the other, is a row of a filled band (a shaded heading or header row), not a
   * rule: the letters inside the band touch its edge rows, and erasing those rows cut them
   * in half. A rule under or over text has ink beside it only where letters touch it.
   */
  function bandEdge(start: number, end: number, darkAt: (i: number, offset: number) => boolean, hasBefore: boolean, hasAfter: boolean): boolean {
    let before = 0;
    let after = 0;
    for (let i = start; i < end; i++) {
      if (hasBefore && solid(i, -1)) before++;
      if (hasAfter && solid(i, 1)) after++;
    }
    const n = end - start;
    return before > BAND_SHARE * n || after > BAND_SHARE * n;

    /** Ink out to twice the rule thickness (a noisy pixel or two allowed): thicker than
     *  any rule, or a double rule (two rules with a pixel of paper between). */
    function solid(i: number, dir: number): boolean {
      let light = 0;
      for (let d = 1; d <= reach; d++) if (!darkAt(i, dir * d) && ++light > 2) return false;
      return true;
    }
  }
}

/** Share of a run's length with ink beside it that makes it part of a filled band. */
const BAND_SHARE = 0.6;

export interface DarkBandOptions {
  /** Narrowest band, pixels. */
  minWidth: number;
  /** Lowest band, pixels: about a line of small print. */
  minHeight: number;
}

/**
 * Turns light-on-dark text (white header text on a dark table header or banner) into dark
 * on light. Tesseract is told not to look for inverted text (its second pass doubles the
 * time of every page), so without this those header rows read as noise ('[THT]') and the
 * table's columns are never found. A band is a connected patch of ink at least a line tall
 * and wide as a rule, whose bounding box is mostly ink: no printed character or word is. The
 * band's box is inverted, so the band becomes paper and its letters ink.
 */
export function invertDarkBands(img: GrayImage, opts: DarkBandOptions): GrayImage {
  const { width, height } = img;
  const threshold = Math.min(otsuThreshold(img), 200);
  // Borders are often lighter than ink: look for them halfway between ink and paper.
  const faint = Math.round((threshold + 255) / 2);
  const n = width * height;
  const seen = new Uint8Array(n);
  const stack = new Int32Array(Math.min(n, 1 << 22));
  let data: Uint8Array | null = null;
  let top = 0;
  for (let start = 0; start < n; start++) {
    if (seen[start] || img.data[start]! > threshold) continue;
    top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let area = 0;
    let x0 = width, y0 = height, x1 = 0, y1 = 0;
    while (top > 0) {
      const p = stack[--top]!;
      area++;
      const px = p % width;
      const py = (p - px) / width;
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
      // 4-connected: a band's letters are holes in it; diagonal noise should not join them.
      if (px > 0) visit(p - 1);
      if (px < width - 1) visit(p + 1);
      if (py > 0) visit(p - width);
      if (py < height - 1) visit(p + width);
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (w < opts.minWidth || h < opts.minHeight || area < BAND_FILL * w * h || !framed(x0, y0, x1, y1)) continue;
    data ??= new Uint8Array(img.data);
    // The band's own shade becomes paper white, so that nothing downstream (rule removal,
    // tesseract's threshold) takes the inverted band for a grey block.
    const hist = new Uint32Array(256);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) hist[img.data[y * width + x]!]!++;
    const shade = percentile(hist, (w * h) / 2);
    const gain = 255 / Math.max(1, 255 - shade);
    for (let y = y0; y <= y1; y++) {
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        // The band's grain, amplified by the stretch, would cling to the letters as specks.
        const v = Math.round((255 - img.data[row + x]!) * gain);
        const edge = x - x0 < BAND_MARGIN || x1 - x < BAND_MARGIN || y - y0 < BAND_MARGIN || y1 - y < BAND_MARGIN;
        data[row + x] = edge || v > faint ? 255 : v;
      }
    }
    // Light lines between the header's cells become dark ones, and the band's soft edge a
    // frame around it: strokes the band's full height, which no letter in it is (the band
    // has padding above and below its text). Left in, tesseract folds them into the words
    // beside them and measures the line as tall as the band.
    for (let x = Math.max(0, x0 - BAND_MARGIN); x <= Math.min(width - 1, x1 + BAND_MARGIN); x++) {
      let inked = 0;
      for (let y = y0; y <= y1; y++) if (data[y * width + x]! <= faint) inked++;
      if (x < x0 || x > x1 || inked >= FULL_HEIGHT * h) for (let y = y0; y <= y1; y++) data[y * width + x] = 255;
    }
    for (let d = 1; d <= BAND_MARGIN; d++) {
      for (const y of [y0 - d, y1 + d]) {
        if (y < 0 || y >= height) continue;
        for (let x = Math.max(0, x0 - BAND_MARGIN); x <= Math.min(width - 1, x1 + BAND_MARGIN); x++) data[y * width + x] = 255;
      }
    }
  }
  return data ? { width, height, data } : img;

  /**
   * Ink along all four edges of the box: a band is a filled rectangle; bold words joined by
   * an underline can be as inky inside their box but have only letter tops along the top.
   * Each edge may be a few pixels in from the box, which a slight residual tilt widens.
   */
  function framed(x0: number, y0: number, x1: number, y1: number): boolean {
    const ink = (x: number, y: number) => img.data[y * width + x]! <= threshold;
    const depth = EDGE_DEPTH;
    let top = 0;
    let bottom = 0;
    for (let x = x0; x <= x1; x++) {
      for (let d = 0; d < depth; d++) if (ink(x, y0 + d)) { top++; break; }
      for (let d = 0; d < depth; d++) if (ink(x, y1 - d)) { bottom++; break; }
    }
    let left = 0;
    let right = 0;
    for (let y = y0; y <= y1; y++) {
      for (let d = 0; d < depth; d++) if (ink(x0 + d, y)) { left++; break; }
      for (let d = 0; d < depth; d++) if (ink(x1 - d, y)) { right++; break; }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    return Math.min(top, bottom) >= EDGE_SHARE * w && Math.min(left, right) >= EDGE_SHARE * h;
  }

  function visit(q: number): void {
    if (!seen[q] && img.data[q]! <= threshold && top < stack.length) {
      seen[q] = 1;
      stack[top++] = q;
    }
  }
}

/** The value below which `rank` of the histogram's counts lie. */
function percentile(hist: Uint32Array, rank: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= rank) return v;
  }
  return 255;
}

/** Share of a band's box that is ink: white text on a dark band leaves 70–90%. */
const BAND_FILL = 0.6;
/** A band's edges: ink along this share of each side, within this many pixels of the box. */
const EDGE_SHARE = 0.85;
const EDGE_DEPTH = 4;
/** Pixels around a band's box cleared to paper: its anti-aliased and JPEG-smeared edge. */
const BAND_MARGIN = 3;
/** A stroke inked over this share of a band's height is a cell border, not a letter. */
const FULL_HEIGHT = 0.85;
