import type { ExtractionResult, SectionKind } from '../../contract/extraction';
import type { DocumentText } from '../../contract/text';
import { buildDocumentView, type DocumentView, type ViewSection } from '../../layout/document-view';
import { parseAllergySection, parseProblemSection } from './allergies-problems';
import { parseDemographics } from './demographics';
import { parseMedicationSection } from './medications';
import { repairOcrItems } from './ocr-repairs';
import { RecordBuilder } from './record-builder';
import type { SectionOutcome } from './section-outcome';

const CLINICAL: ReadonlySet<SectionKind> = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);

/**
 * The rules extractor: layout analysis (lines, furniture, sections), then one parser per
 * section kind. Values carry provenance and confidence; doubts become warnings; each section
 * is reported with how well it was read, so that `auto` mode can ask a model about the rest.
 */
export function extractWithRules(text: DocumentText, view: DocumentView = buildDocumentView({ ...text, items: repairOcrItems(text.items) })): ExtractionResult {
  const b = new RecordBuilder();
  const pageWidth = Math.max(...view.pages.map((p) => p.width), 595);

  // A banner repeated at the top of every page is furniture, but its first copy is the
  // patient's details: read it with the rest of the non-clinical text.
  const firstBanner = view.furniture.filter((l) => l.page === 1 && l.y < (view.pages[0]?.height ?? 842) / 2);
  // Headings of other sections count too: a styled 'Re: Mr A SMITH' is the patient.
  const demographicLines = [
    ...firstBanner,
    ...view.sections.filter((s) => !CLINICAL.has(s.kind)).flatMap((s) => (s.headingLine ? [s.headingLine, ...s.lines] : s.lines)),
  ];
  parseDemographics(demographicLines, view.furniture, pageWidth, b);

  const forms = new Set<string>();
  for (const section of view.sections) {
    if (!CLINICAL.has(section.kind)) continue;
    const outcome = parseSection(section, b);
    if (outcome.form !== 'none') forms.add(outcome.form);
    const confidence = outcome.statedEmpty
      ? 1
      : outcome.rows === 0
        ? 0
        : Math.max(0, Math.round((1 - outcome.unparsedLines / Math.max(1, outcome.contentLines)) * 100) / 100);
    b.sections.push({
      kind: section.kind,
      heading: section.heading,
      pages: section.pages,
      rows: outcome.rows,
      statedEmpty: outcome.statedEmpty,
      confidence,
      form: outcome.form,
    });
    if (!outcome.statedEmpty && outcome.rows === 0) {
      b.warn({
        code: 'section-empty',
        message: `The section “${section.heading}” has a heading but no entries could be read from it. Check the document.`,
      });
    }
  }
  if (b.sections.length === 0) {
    b.warn({
      code: 'no-sections',
      message: 'No allergy, medication or problem sections were recognised. Check the document, or use AI extraction.',
    });
  }
  const layout = b.sections.length === 0 ? 'unknown' : forms.size === 1 ? [...forms][0]! : forms.size ? 'mixed' : 'empty';
  return b.result(layout);
}

function parseSection(section: ViewSection, b: RecordBuilder): SectionOutcome {
  const heading = section.headingLine?.items ?? [];
  switch (section.kind) {
    case 'allergies':
      return parseAllergySection(section.lines, b);
    case 'problems':
      return parseProblemSection(section.lines, b);
    default:
      return parseMedicationSection(section.lines, section.kind, heading, b);
  }
}
