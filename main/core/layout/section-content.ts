import type { SectionKind } from '../contract/extraction';
import { COLUMN_VOCAB, HEADER_OPTIONS, ROLE_EVIDENCE } from './column-vocab';
import type { ViewSection } from './document-view';
import { classifyHeading, CLINICAL_KINDS, normaliseHeading, STRONG_CLINICAL } from './headings';
import { findHeader } from './table';

/**
 * What a section holds, decided from its heading AND its content. A heading names what its
 * author meant; the content shows what is there: column names ('Drug | Dose | Qty' under
 * 'Acute issues' is medication; 'Reaction | Certainty' over drug names is allergies;
 * 'Procedure | Date Performed' is not a problem list) and the shape of its entries (a
 * column of medicine names with strengths and forms). Where they disagree, the content
 * decides and the section says why (`disputed`), so that staff are asked to look.
 */
type ContentKind = 'medications' | 'allergies' | 'problems' | 'other';

interface ContentEvidence {
  kind: ContentKind;
  /** How far it leads the next kind. */
  margin: number;
  why: string;
}

const MEDICATION_KINDS = new Set<SectionKind>(['medications', 'acute', 'repeat', 'discontinued']);

function family(kind: SectionKind): ContentKind | null {
  if (MEDICATION_KINDS.has(kind)) return 'medications';
  if (kind === 'allergies' || kind === 'problems' || kind === 'other') return kind;
  return null;
}

/** A medicine as lists print it: a name with a strength, a form, or both. */
const STRENGTH = /\d(?:[\d.,]*)\s?(?:mg|micrograms?|mcg|µg|g|ml|mL|units?|iu|%|mmol|nanograms?)\b/i;
const FORM =
  /\b(?:tablets?|capsules?|caplets?|inhalers?|cream|ointment|gel|oral (?:solution|suspension)|solution|suspension|injection|drops|spray|patch(?:es)?|pessar(?:y|ies)|suppositor(?:y|ies)|liquid|syrup|sachets?|granules|lozenges?|pens?|powder|modified[- ]release|gastro[- ]resistant|dispersible|effervescent|nebuliser|vial|ampoules?)\b/i;
const ALLERGY_WORDS = /\b(?:allerg\w*|intoleran\w*|sensitivit\w*|adverse (?:drug )?reactions?|anaphyla\w*|hypersensitiv\w*|reaction)\b/i;
const VACCINE_WORDS = /\b(?:vaccin\w*|immuni[sz]\w*|booster|influenza|dtap|dtp|mmr|hpv|bcg|pneumococcal|meningococcal|rotavirus|tetanus|polio|ipv|hib|covid[- ]?19 (?:vaccine|dose))\b/i;

export function isMedicineShaped(text: string): boolean {
  return (STRENGTH.test(text) && /\p{L}{3,}/u.test(text)) || (FORM.test(text) && /^\s*\p{L}/u.test(text));
}

function fromHeader(section: ViewSection, heading: ContentKind | null): ContentEvidence | null {
  const header = findHeader(section.lines, COLUMN_VOCAB, 0, HEADER_OPTIONS);
  if (!header) return null;
  const score: Record<ContentKind, number> = { medications: 0, allergies: 0, problems: 0, other: 0 };
  const names: string[] = [];
  for (const c of header.columns) {
    // Under an allergies heading a 'Drug' column names what the patient reacts to: only
    // instructions or quantities would show medication.
    if (heading === 'allergies' && c.role === 'drug') continue;
    const e = c.role ? ROLE_EVIDENCE[c.role as keyof typeof ROLE_EVIDENCE] : undefined;
    if (!e) continue;
    score[e.kind] += e.weight;
    names.push(c.text);
  }
  const ranked = (Object.entries(score) as [ContentKind, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best![1] < 2) return null;
  return { kind: best![0], margin: best![1] - second![1], why: `its columns (${names.join(', ')})` };
}

/** Entries that are medicines, vaccines or reactions: what the lines themselves look like. */
function fromRows(section: ViewSection): ContentEvidence | null {
  const lines = section.lines.filter((l) => l.text.trim().length > 2);
  if (lines.length < 2) return null;
  const share = (re: (t: string) => boolean) => lines.filter((l) => re(l.text)).length / lines.length;
  const allergy = share((t) => ALLERGY_WORDS.test(t));
  const medicine = share(isMedicineShaped);
  const vaccine = share((t) => VACCINE_WORDS.test(t));
  if (vaccine >= 0.6 && medicine < 0.3) return { kind: 'other', margin: 2, why: 'its entries (vaccines)' };
  if (medicine >= 0.6 && allergy < 0.2) return { kind: 'medications', margin: 2, why: 'its entries (medicines with strengths or forms)' };
  return null;
}

/** Column evidence that outweighs a weak heading outright: two columns of the kind, or more. */
const DECISIVE_MARGIN = 4;

/** Resolves each section's kind; see the module comment. */
export function resolveSectionKinds(sections: ViewSection[]): void {
  for (const s of sections) {
    if (!s.headingLine) continue;
    const heading = family(s.kind);
    // A heading that names no kind of its own ('Risks to Patient', a styled unknown line, or
    // one whose text is damaged).
    const unnamed = (s.kind === 'other' && !classifyHeading(s.heading)) || s.headingDamaged === true;
    if (!CLINICAL_KINDS.has(s.kind) && !unnamed) continue;
    const content = fromHeader(s, heading) ?? (heading === 'problems' || unnamed ? fromRows(s) : null);
    if (!content || content.kind === heading || content.margin < 2) continue;
    if (unnamed && content.kind === 'other') continue;
    const was = s.kind;
    s.kind = kindFor(content.kind, s.heading);
    // A heading that names no list outright ('Acute issues', 'Ended items', 'Surgical
    // history') under columns that leave no doubt ('Drug | Dose | Qty') is no dispute: the
    // columns settle it, and a flag would send staff to check what is plain.
    const weakHeading = !STRONG_CLINICAL.test(normaliseHeading(s.heading));
    if (weakHeading && content.margin >= DECISIVE_MARGIN) continue;
    s.disputed = `The heading “${s.heading}” reads as ${describe(was)}, but ${content.why} show ${describe(s.kind)}.`;
  }
}

function kindFor(content: ContentKind, heading: string): SectionKind {
  if (content !== 'medications') return content;
  // The heading may still say which kind of medication ('Acute issues' → acute).
  const refined = classifyHeading(`${heading} medications`)?.kind;
  return refined && MEDICATION_KINDS.has(refined) ? refined : 'medications';
}

function describe(kind: SectionKind): string {
  if (MEDICATION_KINDS.has(kind)) return 'medication';
  if (kind === 'allergies') return 'allergies';
  if (kind === 'problems') return 'problems';
  return 'something other than allergies, medication or problems';
}
