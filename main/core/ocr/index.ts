/**
 * Local OCR (issue 7). The engine uses createOcrService as its OcrPort; the extractor uses
 * the confusion repairs and the confidence factor for items that carry `conf`; the
 * renderer maps OCR boxes onto a tilted scan with toScannedBox.
 */
export { createOcrService, type OcrService, type OcrServiceOptions, type OcrStats } from './ocr-service';
export {
  findNhsNumberCandidates,
  isRealDate,
  repairDate,
  repairDoseText,
  repairNhsNumber,
  type CheckedDate,
  type CheckedValue,
  type NhsNumberInText,
} from '../normalise/ocr-text/confusions';
export {
  itemsConfidenceFactor,
  ocrConfidenceFactor,
  provenanceConfidenceFactor,
  OCR_CLEAN_CONF,
  OCR_FLOOR_CONF,
  OCR_REVIEW_BELOW,
} from '../normalise/ocr-text/confidence';
export { repairPostcode } from '../normalise/ocr-text/postcode';
export { toScannedBox } from './deskew';
export { OCR_FONT } from './words-to-items';
