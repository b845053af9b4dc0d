import type { ExtractionResult, SectionKind } from '../../contract/extraction';
import type { DocumentText } from '../../contract/text';
import { buildDocumentView, type DocumentView, type ViewSection } from '../../layout/document-view';
import { provenDateOrder, withDateOrder, type DateOrderEvidence } from '../../normalise/dates';
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
export function extractWithRules(text: DocumentText): ExtractionResult {
  const repaired = { ...text, items: repairOcrItems(text.items) };
  const view = buildDocumentView(repaired);
  // Numeric dates are read day first unless the document's own dates prove month first.
  const evidence = provenDateOrder(view.lines.map((l) => l.text).join('\n'));
  if (evidence.order === 'dmy') return extractFromView(view, evidence);
  return withDateOrder('mdy', () => extractFromView(buildDocumentView(repaired), evidence));
}

function extractFromView(view: DocumentView, dates: DateOrderEvidence): ExtractionResult {
  const b = new RecordBuilder(dates);
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
    if (!CLINICAL.has(section.kind)) {
      // A clinical heading whose content shows something else ('Procedures' columns under a
      // problems heading) is read as that: staff are told, in case entries were missed.
      if (section.disputed && CLINICAL.has(section.headingKind)) {
        b.warn({ code: 'section-kind-disputed', path: listName(section.headingKind), message: `${section.disputed} Nothing was read from it. Check it.` });
      }
      continue;
    }
    const outcome = parseSection(section, b);
    if (outcome.form !== 'none') forms.add(outcome.form);
    const confidence = outcome.statedEmpty
      ? 1
      : outcome.rows === 0
        ? 0
        : Math.max(0, Math.round((1 - outcome.unparsed.length / Math.max(1, outcome.contentLines)) * 100) / 100);
    b.sections.push({
      kind: section.kind,
      heading: section.heading,
      pages: section.pages,
      rows: outcome.rows,
      statedEmpty: outcome.statedEmpty,
      confidence,
      form: outcome.form,
    });
    const path = listName(section.kind);
    if (section.disputed) {
      b.warn({ code: 'section-kind-disputed', path, message: `${section.disputed} It was read as ${describeList(path)}. Check every entry.` });
    }
    if (!outcome.statedEmpty && outcome.rows === 0) {
      b.warn({
        code: 'section-empty',
        path,
        message: `The section “${section.heading}” has a heading but no entries could be read from it. Check the document.`,
      });
    } else if (outcome.unparsed.length > 0) {
      b.warn({
        code: 'section-unread-text',
        path,
        message: `${outcome.unparsed.length === 1 ? 'A line' : `${outcome.unparsed.length} lines`} in “${section.heading}” could not be read as entries. Check for ${describeList(path)} missing from the record.`,
      });
    }
    b.unreadLines(outcome.unparsed, section.heading, true);
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

function listName(kind: SectionKind): 'allergies' | 'medications' | 'problems' {
  return kind === 'allergies' || kind === 'problems' ? kind : 'medications';
}

function describeList(list: 'allergies' | 'medications' | 'problems'): string {
  return list === 'medications' ? 'medication' : list;
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
