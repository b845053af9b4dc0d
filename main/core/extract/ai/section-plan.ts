import type { ExtractionResult, SectionKind, SectionReport } from '../../contract/extraction';
import type { ExtractorMode } from '../../contract/job';
import { linesToText, viewText, type DocumentView, type ViewSection } from '../../layout/document-view';

/**
 * What the model is asked to read. In `ai` mode, the whole furniture-free document. In
 * `auto` mode, only what the rules could not read with confidence: the whole document when
 * the layout is unknown (a letter, another system's summary), otherwise the sections whose
 * report is weak, clinical sections the rules did not report on at all, and the patient
 * banner when the rules could not find who the patient is.
 */
export interface AiSelection {
  scope: 'document' | 'sections';
  sections: ViewSection[];
  /** Exactly the text that will be sent. */
  text: string;
}

/** Below this the rules are not sure they read the whole section. */
export const CONFIDENT = 0.8;

const CLINICAL: ReadonlySet<SectionKind> = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);
const IDENTITY_FIELDS = ['nhsNumber', 'familyName', 'dateOfBirth'] as const;

export function selectForAi(view: DocumentView, rules: ExtractionResult | null, mode: ExtractorMode): AiSelection | null {
  if (mode === 'rules') return null;
  if (mode === 'ai' || !rules || rules.layout === 'unknown' || rules.sections.length === 0) return whole(view);

  const chosen = new Set<ViewSection>();
  for (const section of view.sections) {
    if (!CLINICAL.has(section.kind) || section.lines.length === 0) continue;
    const report = reportFor(section, rules.sections);
    if (!report || isWeak(report)) chosen.add(section);
  }
  if (IDENTITY_FIELDS.some((f) => rules.record.patient[f] === null)) {
    for (const section of bannerSections(view)) chosen.add(section);
  }
  if (chosen.size === 0) return null;
  const sections = view.sections.filter((s) => chosen.has(s));
  return { scope: 'sections', sections, text: sectionsText(sections) };
}

function whole(view: DocumentView): AiSelection {
  return { scope: 'document', sections: view.sections, text: viewText(view) };
}

export function isWeak(report: SectionReport): boolean {
  if (report.statedEmpty) return false;
  return report.rows === 0 || report.confidence < CONFIDENT;
}

function normaliseHeadingText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The rules' report on a view section: same heading, else same kind on the same pages. */
function reportFor(section: ViewSection, reports: SectionReport[]): SectionReport | undefined {
  const heading = normaliseHeadingText(section.heading);
  return (
    reports.find((r) => normaliseHeadingText(r.heading) === heading && r.kind === section.kind) ??
    reports.find((r) => normaliseHeadingText(r.heading) === heading) ??
    reports.find((r) => r.kind === section.kind && r.pages.some((p) => section.pages.includes(p)))
  );
}

/** Where the patient's details are printed: demographics sections and anything before the first clinical heading. */
function bannerSections(view: DocumentView): ViewSection[] {
  const out: ViewSection[] = [];
  for (const s of view.sections) {
    if (CLINICAL.has(s.kind)) break;
    if (s.lines.length > 0) out.push(s);
  }
  for (const s of view.sections) if (s.kind === 'demographics' && !out.includes(s)) out.push(s);
  return out;
}

/** The text of some sections, headings included, in the same form as viewText. */
export function sectionsText(sections: ViewSection[]): string {
  return sections
    .map((s) => [s.headingLine ? s.heading : null, linesToText(s.lines)].filter(Boolean).join('\n'))
    .join('\n\n');
}
