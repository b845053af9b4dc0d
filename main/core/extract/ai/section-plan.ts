import type { ExtractionResult, SectionKind } from '../../contract/extraction';
import type { ExtractorMode } from '../../contract/job';
import type { Patient } from '../../contract/record';
import type { Box } from '../../contract/text';
import { linesToText, viewText, type DocumentView, type ViewSection } from '../../layout/document-view';
import { LIST_NAMES, type ListName } from './answer-schema';

/**
 * What the model is asked to read. In `ai` mode, the whole furniture-free document. In
 * `auto` mode, exactly what the rules flagged (their `flags`, see extract/review-flags.ts)
 * and nothing else: every section and field under a flag, and the patient's details when
 * the record has no patient identity. A clean record makes no call.
 *
 *   'patient', 'patient.<field>'            → the banner and demographics sections
 *   'medications' (a section: rows may be missing), likewise 'allergies', 'problems',
 *   and the medication kinds 'acute' | 'repeat' | 'discontinued'
 *                                           → every section of that kind, and every section
 *                                             the rules found entries of that list in
 *   'medications.3', 'medications.3.dosage' → the section that entry is printed in
 *
 * Where a part's place is unknown (prose the rules could not place) the whole document
 * goes. A per-document token cap bounds the cost: parts are added most important flag
 * first, and those that do not fit are not sent (their flags stay, with the reason).
 */
export interface AiSelection {
  scope: 'document' | 'sections';
  sections: ViewSection[];
  /** Exactly the text that will be sent. */
  text: string;
  /** What the rules' flags asked about (empty in ai mode, where everything is asked). */
  asked: Asked;
  /** Flag paths that were not sent because of the token cap. */
  capped: string[];
}

export interface Asked {
  /** The patient as a whole (no identity, or a 'patient' flag), or some of its fields. */
  patient: { whole: boolean; fields: Set<string> };
  /** Per list: the whole list (a section flag), or some entries (by the rules' index) and fields ('3.dosage'). */
  lists: Record<ListName, { whole: boolean; items: Set<number>; fields: Set<string> }>;
}

export interface PlanOptions {
  /** Estimated tokens a request with this much text would spend (prompt and answer). */
  estimate: (chars: number) => number;
  /** Auto mode's per-document cap on that estimate. */
  capTokens: number;
}

const MEDICATION_KINDS: ReadonlySet<SectionKind> = new Set(['medications', 'acute', 'repeat', 'discontinued']);
const CLINICAL: ReadonlySet<SectionKind> = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);
const HOME_KINDS: Record<ListName, (kind: SectionKind) => boolean> = {
  allergies: (k) => k === 'allergies',
  medications: (k) => MEDICATION_KINDS.has(k),
  problems: (k) => k === 'problems',
};
/** Above this share of the document, the whole of it is sent: a model reads better with the context. */
const WHOLE_SHARE = 0.8;

export function emptyAsked(): Asked {
  return {
    patient: { whole: false, fields: new Set<string>() },
    lists: Object.fromEntries(LIST_NAMES.map((l) => [l, { whole: false, items: new Set<number>(), fields: new Set<string>() }])) as Asked['lists'],
  };
}

/** A patient is identified by an NHS number, or by a family name with a date of birth. */
export function hasIdentity(p: Patient): boolean {
  return Boolean(p.nhsNumber || (p.familyName && p.dateOfBirth));
}

/** The record part a flag path names. */
type Part = { kind: 'patient'; field: string | null } | { kind: 'list'; list: ListName; item: number | null; field: string | null };

export function partOf(path: string): Part | null {
  const [head, idx, field] = path.split('.');
  if (head === 'patient') return { kind: 'patient', field: idx ?? null };
  const list: ListName | null =
    head === 'allergies' || head === 'medications' || head === 'problems'
      ? head
      : head === 'acute' || head === 'repeat' || head === 'discontinued'
        ? 'medications'
        : null;
  if (!list) return null;
  if (idx === undefined || !/^\d+$/.test(idx)) return { kind: 'list', list, item: null, field: null };
  return { kind: 'list', list, item: Number(idx), field: field ?? null };
}

export function selectForAi(view: DocumentView, rules: ExtractionResult | null, mode: ExtractorMode, opts: PlanOptions): AiSelection | null {
  if (mode === 'rules') return null;
  if (mode === 'ai' || !rules) return whole(view, emptyAsked(), []);

  // What to ask about, most important first (flags come sorted).
  const wants: { path: string; part: Part }[] = [];
  if (!hasIdentity(rules.record.patient) && !rules.flags.some((f) => f.path === 'patient')) wants.push({ path: 'patient', part: { kind: 'patient', field: null } });
  for (const flag of rules.flags) {
    const part = partOf(flag.path);
    if (part) wants.push({ path: flag.path, part });
  }
  if (wants.length === 0) return null;

  const asked = emptyAsked();
  const chosen = new Set<ViewSection>();
  const capped: string[] = [];
  let anyWhole = false;
  for (const want of wants) {
    const places = placesFor(view, rules, want.part);
    const next = new Set(chosen);
    for (const s of places ?? view.sections) next.add(s);
    const wantsWhole: boolean = places === null || anyWhole;
    const text = wantsWhole ? viewText(view) : sectionsText(view.sections.filter((s) => next.has(s)));
    if (opts.estimate(text.length) > opts.capTokens) {
      capped.push(want.path);
      continue;
    }
    for (const s of next) chosen.add(s);
    anyWhole = wantsWhole;
    mark(asked, want.part);
  }
  if (chosen.size === 0 && !anyWhole) return null;
  const sections = view.sections.filter((s) => chosen.has(s));
  const text = sectionsText(sections);
  if (anyWhole || text.length >= WHOLE_SHARE * viewText(view).length) return whole(view, asked, capped);
  return { scope: 'sections', sections, text, asked, capped };
}

function whole(view: DocumentView, asked: Asked, capped: string[]): AiSelection {
  return { scope: 'document', sections: view.sections, text: viewText(view), asked, capped };
}

function mark(asked: Asked, part: Part): void {
  if (part.kind === 'patient') {
    if (part.field === null) asked.patient.whole = true;
    else asked.patient.fields.add(part.field);
    return;
  }
  const l = asked.lists[part.list];
  if (part.item === null) l.whole = true;
  else if (part.field === null) l.items.add(part.item);
  else l.fields.add(`${part.item}.${part.field}`);
}

/** The sections a part is printed in; null when that is not known (send the whole document). */
function placesFor(view: DocumentView, rules: ExtractionResult, part: Part): ViewSection[] | null {
  if (part.kind === 'patient') {
    const banner = bannerSections(view);
    return banner.length ? banner : null;
  }
  if (part.item !== null) {
    const at = itemSection(view, rules, part.list, part.item);
    if (at) return [at];
  }
  const out = new Set<ViewSection>(view.sections.filter((s) => HOME_KINDS[part.list](s.kind) && s.lines.length > 0));
  (rules.record[part.list] as unknown[]).forEach((_, i) => {
    const at = itemSection(view, rules, part.list, i);
    if (at) out.add(at);
  });
  return out.size ? [...out] : null;
}

/** The view section an entry of the rules' record is printed in, from its provenance. */
export function itemSection(view: DocumentView, rules: Pick<ExtractionResult, 'provenance'>, list: ListName, item: number): ViewSection | null {
  const prefix = `${list}.${item}.`;
  for (const [path, p] of Object.entries(rules.provenance)) {
    if (!path.startsWith(prefix)) continue;
    const s = sectionOfBoxes(view, p.boxes);
    if (s) return s;
  }
  return null;
}

/** The view section whose lines hold the first box (provenance points at printed text). */
export function sectionOfBoxes(view: DocumentView, boxes: Box[]): ViewSection | null {
  const box = boxes[0];
  if (!box) return null;
  const middle = box.y + box.height / 2;
  for (const s of view.sections) {
    const lines = s.headingLine ? [s.headingLine, ...s.lines] : s.lines;
    if (lines.some((l) => l.page === box.page && middle >= l.y - 1 && middle <= l.bottom + 1)) return s;
  }
  return null;
}

/** Where the patient's details are printed: demographics sections and anything before the first clinical heading. */
function bannerSections(view: DocumentView): ViewSection[] {
  const out: ViewSection[] = [];
  for (const s of view.sections) {
    if (CLINICAL.has(s.kind)) break;
    if (s.lines.length > 0) out.push(s);
  }
  for (const s of view.sections) if (s.kind === 'demographics' && s.lines.length > 0 && !out.includes(s)) out.push(s);
  return out;
}

/** The text of some sections, headings included, in the same form as viewText. */
export function sectionsText(sections: ViewSection[]): string {
  return sections
    .map((s) => [s.headingLine ? s.heading : null, linesToText(s.lines)].filter(Boolean).join('\n'))
    .join('\n\n');
}
