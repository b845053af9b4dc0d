import type { Box, TextItem } from '../../contract/text';

/**
 * How OCR word confidences become a value's confidence. Tesseract gives clean print about
 * 0.9–0.97 per word and damaged print much less; a value is only as trustworthy as its
 * weakest word, so the weakest counts most. A value that needed a confusion repair loses
 * a little more per repaired character, even though its check passed.
 */

/** Word confidence at or above which OCR costs a value nothing. */
export const OCR_CLEAN_CONF = 0.9;
/** Word confidence at or below which the OCR reading is worth nothing on its own. */
export const OCR_FLOOR_CONF = 0.3;
/** A value at or below this confidence should be shown to staff for review. */
export const OCR_REVIEW_BELOW = 0.6;

const REPAIR_PENALTY = 0.9;
const MAX_REPAIR_PENALTY = 0.7;

function scale(conf: number): number {
  const c = Math.min(1, Math.max(0, conf));
  if (c >= OCR_CLEAN_CONF) return 1;
  if (c <= OCR_FLOOR_CONF) return 0;
  return (c - OCR_FLOOR_CONF) / (OCR_CLEAN_CONF - OCR_FLOOR_CONF);
}

/**
 * The factor (0..1) by which OCR lowers a value's confidence, given its words' confidences
 * (0..1) and how many characters a confusion repair changed. Multiply the extractor's own
 * confidence by it. No words (a digital value) → 1.
 */
export function ocrConfidenceFactor(wordConfs: readonly number[], repairs = 0): number {
  if (wordConfs.length === 0) return repairs > 0 ? repairPenalty(repairs) : 1;
  const scaled = wordConfs.map(scale);
  const weakest = Math.min(...scaled);
  const mean = scaled.reduce((a, b) => a + b, 0) / scaled.length;
  // Mostly the weakest word: one unreadable word spoils a date or a number.
  const ocr = 0.75 * weakest + 0.25 * mean;
  return round(ocr * repairPenalty(repairs));
}

function repairPenalty(repairs: number): number {
  if (repairs <= 0) return 1;
  return Math.max(MAX_REPAIR_PENALTY, REPAIR_PENALTY ** repairs);
}

/**
 * The same factor for the items a value was read from: digital items (no `conf`) count as
 * certain, so a value read from digital text keeps its confidence.
 */
export function itemsConfidenceFactor(items: readonly TextItem[], repairs = 0): number {
  const confs = items.filter((i) => i.conf !== undefined).map((i) => i.conf!);
  return ocrConfidenceFactor(confs, repairs);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * The OCR factor for a value from its provenance: the items whose centres lie inside the
 * value's boxes are the words it was read from. Lets the extractor (or a check) lower a
 * value's confidence without tracking items itself.
 */
export function provenanceConfidenceFactor(items: readonly TextItem[], boxes: readonly Box[], repairs = 0): number {
  const inside = items.filter((it) => {
    const cx = it.x + it.width / 2;
    const cy = it.y + it.height / 2;
    return boxes.some(
      (b) => b.page === it.page && cx >= b.x - 0.5 && cx <= b.x + b.width + 0.5 && cy >= b.y - 0.5 && cy <= b.y + b.height + 0.5,
    );
  });
  return itemsConfidenceFactor(inside, repairs);
}
