/**
 * Text with positions, as read from a PDF's text layer or from OCR.
 *
 * Coordinates are PDF points on the page with the origin at the TOP-LEFT corner
 * (pdfjs gives bottom-left; we flip once, on reading, so that layout code and the
 * renderer's highlight boxes share one convention). `y` is the top of the glyph box.
 */
export interface TextItem {
  str: string;
  /** 1-based page number. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Font id within the document; equal ids mean the same face (e.g. the bold one). */
  font: string;
  /** Font size in points (the text matrix scale). */
  size: number;
  /** OCR word confidence 0..1; absent for a digital text layer. */
  conf?: number;
  /** Characters changed by a checked OCR confusion repair ('2O24' → '2024'). */
  repaired?: number;
  /**
   * The text layer under this item is damaged: its font failed to load or its characters
   * are garbled (replacement characters, control or private-use characters, letters no
   * language writes). Its text may be wrong or incomplete; a reviewer must check it.
   */
  damaged?: boolean;
}

/** Why a page's text layer is suspect. Stable machine codes, never document content. */
export type TextDamageReason =
  /** A font could not be loaded at all: its text is missing from the page. */
  | 'font-failed'
  /** A font's character map (ToUnicode or CMap) is broken: its text may be wrong. */
  | 'cmap-broken'
  /** U+FFFD replacement characters. */
  | 'replacement-chars'
  /** Control characters, which no printed text contains. */
  | 'control-chars'
  /** Private-use characters: glyphs that map to no real character. */
  | 'private-use-chars'
  /** A font's letters read like no language (no vowels, scripts mixed in a word). */
  | 'implausible-letters';

/** What is damaged on one page, when anything is. */
export interface PageDamage {
  /** Items on the page marked damaged (0 when the damage removed the text instead). */
  items: number;
  /** Characters in those items. */
  chars: number;
  reasons: TextDamageReason[];
}

export interface PageInfo {
  page: number;
  width: number;
  height: number;
  /** Where the page's text came from. */
  source: 'text' | 'ocr' | 'none';
  /** Whether the page paints at least one image (scanned pages do). */
  hasImage?: boolean;
  /**
   * OCR pages only: the scan was turned this many degrees clockwise, and its items are
   * placed on the straightened page so that lines are level for the layout code. To draw
   * a box over the scan itself, map it with toScannedBox (main/core/ocr/deskew.ts).
   */
  skewDegrees?: number;
  /** Present when the page's text layer is damaged (see TextItem.damaged). */
  damage?: PageDamage;
}

export interface DocumentText {
  pages: PageInfo[];
  items: TextItem[];
}

export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ExtractorKind = 'rules' | 'ai' | 'user';

/** Where a value was printed: the boxes it was read from and the exact text there. */
export interface Provenance {
  boxes: Box[];
  text: string;
  extractor: ExtractorKind;
  /**
   * Auto mode, where the model read this value too: 'added' (the rules had none),
   * 'changed' (the model's reading replaced the rules'), 'confirmed' (both read the same),
   * 'kept' (the rules' reading kept although the model read it differently).
   */
  merge?: 'added' | 'changed' | 'confirmed' | 'kept';
  /** The other extractor's reading where the two disagreed, for the review screen to show beside this one. */
  alternative?: Reading;
}

/** One extractor's reading of a value, with where it is printed (no boxes when it read nothing). */
export interface Reading {
  extractor: ExtractorKind;
  value: string | null;
  boxes: Box[];
  text: string;
}

export interface ExtractionWarning {
  /** Stable machine code, e.g. 'nhs-checksum', 'dob-future', 'section-empty', 'not-found-in-document'. */
  code: string;
  /** Plain-English message for staff. May name the field, never log it. */
  message: string;
  /** Field path such as 'patient.nhsNumber' or 'medications.3.name', when it concerns one. */
  path?: string;
  /**
   * What the source said: for AI values dropped by verification, the model's value; for
   * 'extractors-disagree', the reading that was not kept. Kept in the record, never logged.
   */
  claimed?: string;
  /** For a value dropped as not printed: the part of it that is not printed ('the year', 'hypertension'). Never logged. */
  missing?: string;
}
