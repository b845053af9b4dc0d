import type { SectionKind } from '../contract/extraction';
import type { DocumentText, PageInfo } from '../contract/text';
import { reflowColumns } from './columns';
import { separateFurniture } from './furniture';
import { bodyFontSize, buildLines, makeSegment, type Line } from './lines';
import { isDamagedLine, markDamaged } from './garbled';
import { resolveSectionKinds } from './section-content';
import { findSections } from './sections';

/**
 * The document as the extractors see it: visual lines in reading order with page furniture
 * (running headers/footers, browser margins) taken out, and split into sections by their
 * headings. This is also exactly what may be sent to an AI provider: never the PDF, never
 * the furniture.
 */
export interface ViewSection {
  /** What the section holds: its heading's kind, corrected by its content where they disagree. */
  kind: SectionKind;
  /** What the heading alone says (a qualifier heading such as 'Current' takes its parent's). */
  headingKind: SectionKind;
  /**
   * Why the kind differs from the heading's, when it does: the content (table columns, row
   * shapes) says otherwise. Staff are shown it: a section read as another kind may be wrong.
   */
  disputed?: string;
  /** The heading as printed ('' for text before the first heading). */
  heading: string;
  /**
   * Lines whose text fell apart in the PDF (see garbled.ts), taken out of `lines` so that no
   * value is read from them; the section is flagged instead. `headingDamaged`: the heading
   * itself could not be read, so the kind came from the content, or is not known.
   */
  damaged?: Line[];
  headingDamaged?: boolean;
  headingLine: Line | null;
  lines: Line[];
  pages: number[];
}

export interface DocumentView {
  pages: PageInfo[];
  bodySize: number;
  /** Body lines in reading order (page, then top to bottom). */
  lines: Line[];
  furniture: Line[];
  sections: ViewSection[];
}

export function buildDocumentView(text: DocumentText): DocumentView {
  const items = markDamaged(text.items);
  const lines = buildLines(items);
  const bodySize = bodyFontSize(items);
  const separated = separateFurniture(lines, text.pages, bodySize);
  const body = reflowColumns(separated.body);
  const sections = findSections(body, bodySize);
  setAsideDamaged(sections);
  resolveSectionKinds(sections);
  return { pages: text.pages, bodySize, lines: body, furniture: separated.furniture, sections };
}

/** Plain text of some lines, one line per row, cells separated by two spaces. */
export function linesToText(lines: Line[]): string {
  return lines.map((l) => l.text).join('\n');
}

/** The furniture-free text of the whole document, with a blank line between sections. */
export function viewText(view: DocumentView): string {
  return view.sections
    .map((s) => [s.headingLine ? s.heading : null, linesToText(s.lines)].filter(Boolean).join('\n'))
    .join('\n\n');
}

/**
 * Lines that are mostly damaged text are set aside whole; a line with some damaged items
 * (a label in a broken bold font beside a value in a sound one) keeps its sound items only.
 * Headings stay where they are, damaged or not, so that sections keep their bounds.
 */
function setAsideDamaged(sections: ViewSection[]): void {
  for (const s of sections) {
    const damaged: Line[] = [];
    const kept: Line[] = [];
    for (const l of s.lines) {
      if (isDamagedLine(l)) damaged.push(l);
      else if (l.items.some((it) => it.damaged)) {
        damaged.push(l);
        kept.push(soundPart(l));
      } else kept.push(l);
    }
    if (damaged.length) {
      s.damaged = damaged;
      s.lines = kept;
    }
    if (s.headingLine && isDamagedLine(s.headingLine)) s.headingDamaged = true;
  }
}

function soundPart(line: Line): Line {
  const segments = line.segments.map((sg) => sg.items.filter((it) => !it.damaged)).filter((items) => items.length).map(makeSegment);
  return { ...line, segments, items: segments.flatMap((sg) => sg.items), text: segments.map((sg) => sg.text).join('  ') };
}
