import type { ScrRecord } from '../../../main/core/contract/record';
import type { DocumentText } from '../../../main/core/contract/text';
import {
  LIST_KEYS,
  LIST_NAMES,
  LIST_SPECS,
  PATIENT_SPEC,
  type Answer,
  type AnswerField,
  type FieldKind,
  type FieldSpec,
} from '../../../main/core/extract/ai/answer-schema';
import { locateValue } from '../../../main/core/extract/ai/locate-value';
import { buildTextIndex } from '../../../main/core/extract/ai/text-index';
import { buildDocumentView, type ViewSection } from '../../../main/core/layout/document-view';

/**
 * What a model that reads perfectly would answer: the ground truth, with each value's
 * evidence copied from the document as printed (a date in the form this document prints
 * dates, an NHS number spaced as printed). Each value also remembers the section it is
 * printed in, so a fake server can answer only about the sections it was sent.
 */
export interface TruthAnswer {
  answer: Answer;
  /** Per answer path ('patient.sex', 'medications.3'), a text that identifies its section in a prompt. */
  sectionMarks: Record<string, string>;
  /** Truth values no printed form of which could be found (the truth allows these to be missed). */
  unlocatable: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function printedForms(kind: FieldKind, value: string): string[] {
  if (kind === 'date') {
    const [y, m, d] = value.split('-');
    const mi = Number(m) - 1;
    return [
      `${d} ${MONTHS[mi]} ${y}`,
      `${d}-${MONTHS[mi]}-${y}`,
      `${d}/${m}/${y}`,
      `${Number(d)} ${LONG_MONTHS[mi]} ${y}`,
      value,
    ];
  }
  if (kind === 'nhs') return [`${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`, value];
  if (kind === 'sex') return [value[0]!.toUpperCase() + value.slice(1), value[0]!.toUpperCase()];
  return [value];
}

/** A text that appears in the prompt exactly when the section was sent. */
export function sectionMark(section: ViewSection): string {
  return section.headingLine ? section.heading : (section.lines[0]?.text ?? '');
}

export function buildTruthAnswer(text: DocumentText, truth: ScrRecord): TruthAnswer {
  const view = buildDocumentView(text);
  const index = buildTextIndex(view.sections);
  const sectionMarks: Record<string, string> = {};
  const unlocatable: string[] = [];

  const field = (path: string, spec: FieldSpec, value: string | null | undefined, near?: number): AnswerField => {
    if (value === null || value === undefined) return { value: null, evidence: null };
    if (spec.kind === 'category') return { value, evidence: null };
    for (const form of printedForms(spec.kind, value)) {
      const located = locateValue(index, spec.kind, value, form, near === undefined ? {} : { rank: (c) => Math.abs(index.tokens[c[0]!]!.line - near) });
      if (located) {
        sectionMarks[path] ??= sectionMark(index.sections[index.tokens[located.value[0]!]!.section]!.view);
        return { value, evidence: form };
      }
    }
    unlocatable.push(path);
    return { value, evidence: value };
  };

  const patient = Object.fromEntries(
    Object.entries(PATIENT_SPEC).map(([f, spec]) => [f, field(`patient.${f}`, spec, (truth.patient as Record<string, string | null>)[f])]),
  ) as Answer['patient'];
  const answer: Answer = { patient, allergies: [], medications: [], problems: [] };
  let line = 0;
  for (const list of LIST_NAMES) {
    const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
    const key = LIST_KEYS[list];
    (truth[list] as unknown as Record<string, string | null>[]).forEach((item, i) => {
      const path = `${list}.${i}`;
      const keyField = field(path, specs[key]!, item[key]);
      const keyAt = keyField.evidence ? locateValue(index, 'key', item[key]!, keyField.evidence, { from: index.lineStarts[line]! }) : null;
      if (keyAt) line = index.tokens[keyAt.value[0]!]!.line;
      const out: Record<string, AnswerField> = {};
      for (const [f, spec] of Object.entries(specs)) out[f] = f === key ? keyField : field(`${path}.${f}`, spec, item[f], line);
      answer[list].push(out);
    });
  }
  return { answer, sectionMarks, unlocatable };
}

/**
 * The part of a truth answer a model could give when it was sent only some sections:
 * values printed in sections whose mark appears in the prompt.
 */
export function answerForPrompt(truth: TruthAnswer, prompt: string): Answer {
  const sent = (path: string) => {
    const mark = truth.sectionMarks[path];
    return mark !== undefined && prompt.includes(mark);
  };
  const a = structuredClone(truth.answer);
  for (const f of Object.keys(a.patient) as (keyof Answer['patient'])[]) {
    if (!sent(`patient.${f}`)) a.patient[f] = { value: null, evidence: null };
  }
  for (const list of LIST_NAMES) {
    a[list] = truth.answer[list].filter((_, i) => sent(`${list}.${i}`)).map((x) => structuredClone(x));
  }
  return a;
}
