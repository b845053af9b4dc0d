import type { ExtractionResult } from '../../contract/extraction';
import type { DocumentText } from '../../contract/text';
import { buildDocumentView, type DocumentView, type ViewSection } from '../../layout/document-view';
import { isDamagedLine } from '../../layout/garbled';
import type { TextItem } from '../../contract/text';
import { provenDateOrder, withDateOrder, type DateOrderEvidence } from '../../normalise/dates';
import { parseAllergySection, parseProblemSection } from './allergies-problems';
import { isPatientLine, parseDemographics } from './demographics';
import { parseMedicationSection } from './medications';
import { repairOcrItems } from './ocr-repairs';
import { checkItems } from './item-checks';
import { RecordBuilder } from './record-builder';
import type { SectionOutcome } from './section-outcome';
import { CLINICAL, listName } from './list-kinds';
import { flagStrayClinicalText } from './stray-clinical-text';
import { namedLists } from '../../layout/headings';
import { isColumnName } from '../../layout/table';
import { isStatedUnknown } from './cells';


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
  const firstBanner = view.furniture.filter((l) => l.page === 1 && l.y < (view.pages[0]?.height ?? 842) / 2 && !isDamagedLine(l));
  // The patient's identifiers printed in a clinical section (under a title read as its
  // heading) are the patient's, and not entries of that section.
  const patientLines = view.sections.filter((s) => CLINICAL.has(s.kind)).flatMap((s) => {
    const found = s.lines.filter(isPatientLine);
    if (found.length) s.lines = s.lines.filter((l) => !found.includes(l));
    return found;
  });
  // Headings of other sections count too: a styled 'Re: Mr A SMITH' is the patient.
  const demographicLines = [
    ...patientLines,
    ...firstBanner,
    ...view.sections.filter((s) => !CLINICAL.has(s.kind)).flatMap((s) => (s.headingLine ? [s.headingLine, ...s.lines] : s.lines)),
  ];
  parseDemographics(demographicLines, view.furniture, pageWidth, b);
  if ([...b.unsureOcr].some((p) => p.startsWith('patient.'))) {
    b.warn({
      code: 'patient-ocr',
      path: 'patient',
      message: 'The patient’s details were read by OCR from the page’s image. Check each of them against the page.',
    });
  }
  const damagedDemographics = view.sections.filter((s) => !CLINICAL.has(s.kind) && !s.headingDamaged).flatMap((s) => s.damaged ?? []);
  if (damagedDemographics.length) {
    b.warn({
      code: 'text-garbled',
      path: 'patient',
      message: 'Some of the patient’s details are printed in text this PDF does not hold correctly (a damaged font). Read them from the page and check every patient field.',
    });
    b.unreadLines(damagedDemographics, '', false);
  }

  const forms = new Set<string>();
  const garbledUnknown: ViewSection[] = [];
  for (const section of view.sections) {
    if (!CLINICAL.has(section.kind) && section.headingDamaged) {
      // A heading that cannot be read over content that says nothing clear: it may be any of
      // the record's sections. Each kind the document does not otherwise show is flagged.
      garbledUnknown.push(section);
      continue;
    }
    if (!CLINICAL.has(section.kind)) {
      // A clinical heading whose content shows something else ('Procedures' columns under a
      // problems heading) is read as that: staff are told, in case entries were missed.
      if (section.disputed && CLINICAL.has(section.headingKind)) {
        b.warn({ code: 'section-kind-disputed', path: listName(section.headingKind), message: `${section.disputed} Nothing was read from it. Check it.` });
      }
      continue;
    }
    // A heading over sub-headed parts ('Allergies' over 'Current' and 'Historical') holds
    // nothing itself: its parts report for it.
    const next = view.sections[view.sections.indexOf(section) + 1];
    // (So does one that holds only its table's header row, over groups the table heads:
    // 'Date  Problem  Notes' over 'Active problems' and 'Past problems'.)
    const onlyHeader = section.lines.every((l) => l.segments.length >= 2 && l.segments.every((sg) => isColumnName(sg.text)));
    if (onlyHeader && !section.damaged?.length && next && CLINICAL.has(next.kind) && listName(next.kind) === listName(section.kind)) continue;
    b.section = view.sections.indexOf(section);
    const outcome = parseSection(section, b);
    b.sectionForms.set(b.section, outcome.form);
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
    if (section.damaged?.length || section.headingDamaged) {
      b.sections[b.sections.length - 1]!.damaged = section.damaged?.length ?? 0;
      b.warn({
        code: 'section-garbled',
        path,
        message: `Text in “${section.headingDamaged ? 'a section whose heading could not be read' : section.heading}” is damaged in this PDF (a broken font), so entries in it may be missing or wrong. Read the section from the page.`,
      });
      b.unreadLines(section.damaged ?? [], section.heading, true);
    }
    // Read from pixels (a scan, or a page whose text layer was damaged): OCR misreads letters
    // and misses rows, so each entry is to be checked against the page.
    const sectionIndex = view.sections.indexOf(section);
    const unsureHere = (b.itemSections[path] ?? []).some((sec, i) => sec === sectionIndex && [...b.unsureOcr].some((p) => p.startsWith(`${path}.${i}.`)));
    if (unsureHere || (outcome.unparsed.length > 0 && readByOcr(section.lines.flatMap((l) => l.items)))) {
      b.warn({ code: 'section-ocr', path, message: `“${section.heading}” was read by OCR from the page’s image. Check each entry, and that none is missing, against the page.` });
    }
    if (section.disputed) {
      b.warn({ code: 'section-kind-disputed', path, message: `${section.disputed} It was read as ${describeList(path)}. Check every entry.` });
    }
    // 'Medication and Allergies': one heading over two lists, read as one of them.
    const named = namedLists(section.heading);
    if (named.length > 1) {
      for (const list of named) {
        b.warn({
          code: 'section-kind-disputed',
          path: list,
          message: `The heading “${section.heading}” names more than one kind of entry, and its entries were all read as ${describeList(path)}. Check that each is in the right list.`,
        });
      }
    }
    // 'Not known', 'Not asked': nothing to read, but not 'none' either.
    const unknown = section.lines.find((l) => isStatedUnknown(l.text));
    if (unknown && outcome.rows === 0) {
      b.warn({
        code: 'status-unknown',
        path,
        message: `The document says “${unknown.text.trim().slice(0, 60)}” under “${section.heading}”: it does not say there are none. Find out before relying on an empty list.`,
      });
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
  // Damaged text where no clinical section could be placed (a heading that cannot be read,
  // or no readable heading at all) may hide any of the record's sections: each kind the
  // document does not otherwise show is flagged.
  const anyDamage = view.sections.some((s) => s.damaged?.length || s.headingDamaged);
  if (garbledUnknown.length || (anyDamage && b.sections.length === 0)) {
    const present = new Set(b.sections.map((r) => listName(r.kind)));
    for (const list of ['allergies', 'medications', 'problems'] as const) {
      if (present.has(list)) continue;
      b.warn({ code: 'section-garbled', path: list, message: `Text in this PDF is damaged (a broken font) where ${describeList(list)} may be printed. Read the document from the page.` });
    }
  } else if (view.pages.some((p) => p.source === 'ocr')) {
    // Read from a page's image, a heading OCR misread hides its whole section.
    const present = new Set(b.sections.map((r) => listName(r.kind)));
    for (const list of ['allergies', 'medications', 'problems'] as const) {
      if (present.has(list)) continue;
      b.warn({ code: 'section-ocr', path: list, message: `No ${describeList(list)} section was found in text read by OCR from the page’s image. Check the page for ${describeList(list)}.` });
    }
  }
  for (const section of garbledUnknown) {
    b.unreadLines([...(section.headingLine ? [section.headingLine] : []), ...section.lines, ...(section.damaged ?? [])], '', true);
  }
  flagDamagedPages(view, b);
  checkItems(b);
  flagStrayClinicalText(view, b);
  if (b.sections.length === 0) {
    b.warn({
      code: 'no-sections',
      message: 'No allergy, medication or problem sections were recognised. Check the document, or use AI extraction.',
    });
  }
  const layout = b.sections.length === 0 ? 'unknown' : forms.size === 1 ? [...forms][0]! : forms.size ? 'mixed' : 'empty';
  return b.result(layout);
}

/**
 * Pages the PDF reader found damaged text on, where the damage was not found in a line (the
 * broken text may have come out empty): every section on such a page is flagged.
 */
function flagDamagedPages(view: DocumentView, b: RecordBuilder): void {
  for (const page of view.pages) {
    if (!page.damage || page.damage.items === 0) continue;
    const seen = view.sections.some((s) => s.damaged?.some((l) => l.page === page.page) || (s.headingDamaged && s.headingLine?.page === page.page));
    if (seen) continue;
    for (const s of view.sections) {
      if (!s.pages.includes(page.page)) continue;
      const path = CLINICAL.has(s.kind) ? listName(s.kind) : s.kind === 'demographics' ? 'patient' : null;
      if (!path) continue;
      b.warn({ code: 'section-garbled', path, message: `Page ${page.page} holds text this PDF does not store correctly (a damaged font). Check “${s.heading || 'the patient details'}” against the page.` });
    }
  }
}

/** Mostly read by OCR. */
function readByOcr(items: TextItem[]): boolean {
  return items.length > 0 && items.filter((it) => it.conf !== undefined).length / items.length >= 0.5;
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
