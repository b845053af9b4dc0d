/** The message protocol between the OCR render pool and its worker threads. */
export interface RenderPageTask {
  /** The whole PDF; a SharedArrayBuffer view, so that one copy serves every page. */
  bytes: Uint8Array;
  /** 1-based page number. */
  page: number;
  /** Render resolution in dots per inch. */
  dpi: number;
  /** Measure the page's skew and straighten the image before OCR. */
  deskew: boolean;
  /** Largest skew looked for, in degrees either way. */
  maxSkewDegrees: number;
  /** Remove table rules, which tesseract reads as characters or lets mangle the words on them. */
  removeRules: boolean;
  /** Remove isolated specks (scanner and fax noise) that tesseract would read as punctuation. */
  denoise: boolean;
}

export interface RenderedPage {
  page: number;
  /** Page size in PDF points (as the text layer measures it). */
  pageWidth: number;
  pageHeight: number;
  /** Image pixels per PDF point. */
  scale: number;
  widthPx: number;
  heightPx: number;
  /** Skew found and removed from the image: the scan was turned this far clockwise. 0 when none. */
  skewDegrees: number;
  /** The straightened grayscale page as binary PGM. */
  image: Uint8Array;
}
