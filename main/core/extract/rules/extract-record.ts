import type { ExtractionResult } from '../../contract/extraction';
import { emptyRecord } from '../../contract/record';
import type { DocumentText } from '../../contract/text';

/** The rules extractor: layout analysis, then one parser per section kind. */
export function extractWithRules(text: DocumentText): ExtractionResult {
  void text;
  return { record: emptyRecord(), provenance: {}, confidence: {}, warnings: [], extractor: 'rules', layout: 'unknown', sections: [] };
}
