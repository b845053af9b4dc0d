import { z } from 'zod';
import type { ExtractionResult } from '../../contract/extraction';
import type { Box, ExtractionWarning } from '../../contract/text';
import type { DocumentView } from '../../layout/document-view';
import type { Line } from '../../layout/lines';
import { strictObject } from '../../provider/json-schema';
import { askStructured, type StructuredRequest } from '../../provider/structured-request';
import { withFlags } from '../review-flags';
import { LIST_KEYS, LIST_SPECS, PATIENT_SPEC, type FieldSpec, type ListName } from './answer-schema';
import { locateValue } from './locate-value';
import { RECHECK_INSTRUCTIONS, recheckMessage, type RecheckQuestion } from './prompts';
import { chainBoxes, chainText, type TextIndex } from './text-index';
import { normaliseValue } from './verify-answer';

/**
 * The second step of the chain: one request about only the fields still flagged after the
 * first reading (the two extractors disagree, the model's value was not printed, or not
 * beside its entry, or is doubtful). Each question names the field, its entry and the
 * readings so far, and carries only the lines those are printed on, so the step costs a
 * fraction of the first. Answers are grounded exactly as the first reading's were; a
 * grounded answer settles the field (its flag ends, the other reading stays in the
 * provenance for the review screen), anything else leaves it as it was.
 */
const RecheckSchema = z.object({
  items: z.array(z.object({ id: z.string(), value: z.string().nullable(), evidence: z.string().nullable() })),
});

const RECHECK_JSON_SCHEMA = strictObject({
  items: {
    type: 'array',
    items: strictObject({
      id: { type: 'string', description: 'the id of the question being answered' },
      value: { type: ['string', 'null'], description: 'the value as the document states it, in the form asked for; null if it does not' },
      evidence: { type: ['string', 'null'], description: 'the exact text the value is printed as; null if not printed' },
    }),
  },
});

/** Flags a second look can settle: about one field's value. */
const SETTLED_BY_A_SECOND_LOOK = new Set(['extractors-disagree', 'not-found-in-document', 'not-beside-entry', 'low-confidence', 'date-ambiguous']);
/** Confidence of a value the model confirmed on a second, focused look, grounded in the document. */
const RECHECKED = 0.9;
/** Lines of context above and below the lines a question is about. */
const CONTEXT_LINES = 1;

type Common = Pick<StructuredRequest<unknown>, 'provider' | 'capability' | 'signal' | 'usage' | 'log'>;

interface Question extends RecheckQuestion {
  path: string;
  spec: FieldSpec;
}

/** The fields of a result a second look could settle, as questions. */
export function questionsFor(result: ExtractionResult): Question[] {
  const out: Question[] = [];
  const seen = new Set<string>();
  for (const flag of result.flags) {
    if (!SETTLED_BY_A_SECOND_LOOK.has(flag.code) || seen.has(flag.path)) continue;
    const where = fieldOf(flag.path);
    if (!where || where.spec.kind === 'category' && flag.code !== 'extractors-disagree') continue;
    seen.add(flag.path);
    const record = result.record as unknown as Record<string, unknown>;
    const entry = where.list ? (record[where.list] as Record<string, unknown>[])[where.item!] : undefined;
    const current = where.list ? entry?.[where.field] : (result.record.patient as Record<string, unknown>)[where.field];
    const readings = [current, ...result.warnings.filter((w) => w.path === flag.path && w.claimed !== undefined).map((w) => w.claimed)]
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .filter((v, i, all) => all.indexOf(v) === i);
    out.push({
      id: `q${out.length + 1}`,
      path: flag.path,
      field: where.field,
      spec: where.spec,
      entry: where.list ? String(entry?.[LIST_KEYS[where.list]] ?? '') : null,
      readings,
      form: formHint(where.spec),
    });
  }
  return out;
}

function formHint(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'date':
      return 'a date as YYYY-MM-DD';
    case 'category':
      return 'acute, repeat or discontinued';
    case 'sex':
      return 'male, female, other or unknown';
    case 'nhs':
      return 'ten digits';
    default:
      return 'the text as printed';
  }
}

function fieldOf(path: string): { list: ListName | null; item: number | null; field: string; spec: FieldSpec } | null {
  const parts = path.split('.');
  if (parts[0] === 'patient' && parts.length === 2) {
    const spec = (PATIENT_SPEC as Record<string, FieldSpec>)[parts[1]!];
    return spec ? { list: null, item: null, field: parts[1]!, spec } : null;
  }
  if (parts.length === 3 && parts[0]! in LIST_SPECS && /^\d+$/.test(parts[1]!)) {
    const list = parts[0] as ListName;
    const spec = (LIST_SPECS[list] as Record<string, FieldSpec>)[parts[2]!];
    return spec ? { list, item: Number(parts[1]), field: parts[2]!, spec } : null;
  }
  return null;
}

/** The lines a question is about: where its entry and its readings are printed, with a line either side. */
export function questionText(view: DocumentView, result: ExtractionResult, questions: Question[]): string {
  const lines = view.sections.flatMap((s) => (s.headingLine ? [s.headingLine, ...s.lines] : s.lines));
  const keep = new Set<number>();
  const mark = (page: number, y: number, height: number) => {
    const middle = y + height / 2;
    lines.forEach((l, i) => {
      if (l.page === page && middle >= l.y - 1 && middle <= l.bottom + 1) {
        for (let k = Math.max(0, i - CONTEXT_LINES); k <= Math.min(lines.length - 1, i + CONTEXT_LINES); k++) keep.add(k);
      }
    });
  };
  for (const q of questions) {
    const prefix = q.path.startsWith('patient.') ? 'patient.' : `${q.path.split('.').slice(0, 2).join('.')}.`;
    for (const [path, p] of Object.entries(result.provenance)) {
      if (!path.startsWith(prefix)) continue;
      for (const b of [...p.boxes, ...(p.alternative?.boxes ?? [])]) mark(b.page, b.y, b.height);
    }
  }
  if (keep.size === 0) return lines.map((l) => l.text).join('\n');
  const out: string[] = [];
  let last = -2;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (i !== last + 1 && out.length) out.push('…');
    out.push((lines[i] as Line).text);
    last = i;
  }
  return out.join('\n');
}

export interface SecondLook {
  result: ExtractionResult;
  asked: number;
  settled: number;
}

export async function recheckFlagged(common: Common, view: DocumentView, index: TextIndex, result: ExtractionResult): Promise<SecondLook> {
  const questions = questionsFor(result);
  if (questions.length === 0) return { result, asked: 0, settled: 0 };
  const reply = await askStructured({
    ...common,
    instructions: RECHECK_INSTRUCTIONS,
    userMessage: recheckMessage(questionText(view, result, questions), questions),
    schemaName: 'scr_recheck',
    jsonSchema: RECHECK_JSON_SCHEMA,
    schema: RecheckSchema,
    purpose: 'recheck',
  });
  const byId = new Map(questions.map((q) => [q.id, q]));
  const out = structuredClone(result) as ExtractionResult;
  let settled = 0;
  for (const answer of reply.items) {
    const q = byId.get(answer.id);
    if (!q || answer.value === null || answer.value.trim() === '') continue;
    byId.delete(answer.id);
    if (!acceptable(q.spec, answer.value)) continue;
    const value = normaliseValue(q.spec.kind, answer.value);
    if (settle(out, index, q, value, answer.evidence)) settled++;
  }
  const { flags: _stale, ...evidence } = out;
  return { result: withFlags(evidence), asked: questions.length, settled };
}

/** Grounds one answer and, where it is printed, makes it the field's value and ends the field's doubts. */
function settle(result: ExtractionResult, index: TextIndex, q: Question, value: string, evidence: string | null): boolean {
  const where = fieldOf(q.path)!;
  const record = result.record as unknown as Record<string, Record<string, unknown> | Record<string, unknown>[]>;
  const target = where.list ? (record[where.list] as Record<string, unknown>[])[where.item!] : (record.patient as Record<string, unknown>);
  if (!target) return false;
  const before = target[where.field];
  const prov = result.provenance[q.path];
  if (where.spec.kind === 'category') {
    // A category is not printed text: the model's second answer stands only if it is one
    // of the readings already on the table.
    if (!q.readings.includes(value)) return false;
    target[where.field] = value;
    if (prov) result.provenance[q.path] = { ...prov, extractor: 'ai', merge: value === before ? 'confirmed' : 'changed' };
  } else {
    // The answer counts only where it is printed on the entry's own lines (those the
    // question carried): a value printed against another entry settles nothing.
    const lines = entryLines(index, entryBoxes(result, q.path));
    const located = locateValue(index, where.spec.kind, value, evidence, { accept: (c) => lines.has(index.tokens[c[0]!]!.line) });
    if (!located) return false;
    target[where.field] = located.form;
    const alternative = prov && before !== null && before !== undefined && String(before) !== located.form
      ? { extractor: prov.extractor, value: String(before), boxes: prov.boxes, text: prov.text }
      : prov?.alternative;
    result.provenance[q.path] = {
      boxes: chainBoxes(index, located.evidence),
      text: chainText(index, located.evidence),
      extractor: 'ai',
      merge: before === null || before === undefined ? 'added' : String(before) === located.form ? 'confirmed' : 'changed',
      ...(alternative ? { alternative } : {}),
    };
  }
  result.confidence[q.path] = RECHECKED;
  result.warnings = result.warnings.filter((w: ExtractionWarning) => !(w.path === q.path && SETTLED_BY_A_SECOND_LOOK.has(w.code)));
  return true;
}

/** The index lines an entry's values are printed on, with a line either side. */
function entryLines(index: TextIndex, boxes: Box[]): Set<number> {
  const out = new Set<number>();
  index.tokens.forEach((t) => {
    const middle = t.item.y + t.item.height / 2;
    if (boxes.some((b) => b.page === t.page && middle >= b.y - 1 && middle <= b.y + b.height + 1)) {
      for (let l = t.line - CONTEXT_LINES; l <= t.line + CONTEXT_LINES; l++) out.add(l);
    }
  });
  return out;
}

/** Where an entry's values are printed. */
function entryBoxes(result: ExtractionResult, path: string): Box[] {
  const prefix = path.startsWith('patient.') ? 'patient.' : `${path.split('.').slice(0, 2).join('.')}.`;
  return Object.entries(result.provenance).flatMap(([p, prov]) => (p.startsWith(prefix) ? prov.boxes : []));
}

/** The recheck schema is looser than the answer's: hold each value to its field's form. */
function acceptable(spec: FieldSpec, value: string): boolean {
  if (spec.kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (spec.kind === 'category') return ['acute', 'repeat', 'discontinued'].includes(value);
  if (spec.kind === 'sex') return ['male', 'female', 'other', 'unknown'].includes(value);
  return value.trim() !== '';
}
