import type { ScrRecord } from '../../../main/core/contract/record';
import { LIST_KEYS, LIST_NAMES, LIST_SPECS, PATIENT_SPEC, type FieldSpec, type ListName } from '../../../main/core/extract/ai/answer-schema';
import { estimateTokens } from '../../../main/core/provider/prices';
import { completion, type FakeResponse, type RecordedRequest } from '../fake-openai-server';
import { findText, findWrapped, lineAround, locate, type Span, type ValueKind } from './printed';

/**
 * A model that reads perfectly, for measuring our own plumbing (prompt, schema, grounding,
 * merge) with the model taken out of the question. It is given each document's ground
 * truth; for every request it reads the document text our prompt carries and answers, in
 * our schema, every truth value printed in that text, the way a model would: values in the
 * record's forms (ISO dates, NHS digits), evidence copied from the text in one of the ways
 * models copy it (exactly, with line breaks collapsed, the whole line, the value itself, or
 * none). It also invents one medicine per answer, which our verification must drop.
 *
 * It answers the verification request (questions about named fields) from the truth too.
 * It shares no code with the product's grounding: see printed.ts.
 */
export interface OracleDocument {
  id: string;
  truth: ScrRecord;
}

export interface OracleStats {
  requests: number;
  extractRequests: number;
  verifyRequests: number;
  promptTokens: number;
  completionTokens: number;
}

export interface OracleOptions {
  /** How the content is wrapped when the request set no response_format: 'json' (bare), 'fenced', 'prose'. */
  wrapWithoutFormat?: 'json' | 'fenced' | 'prose';
  /** Leave out the invented medicine (for tests that count exact values). */
  noInvention?: boolean;
}

/** Medicines the oracle invents: each is checked not to be printed in the document. */
const INVENTIONS = [
  'Zolmitriptan 2.5mg tablets',
  'Hydroxychloroquine 200mg tablets',
  'Mebeverine 135mg tablets',
  'Nicorandil 10mg tablets',
  'Tamsulosin 400microgram capsules',
];

const EVIDENCE_STYLES = ['exact', 'collapsed', 'joined', 'line', 'value', 'null'] as const;
type EvidenceStyle = (typeof EVIDENCE_STYLES)[number];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function kindOf(spec: FieldSpec): ValueKind {
  return spec.kind === 'date' ? 'date' : spec.kind === 'sex' ? 'sex' : 'text';
}

/** The document text our prompt carries: between <<< and >>>, else every user message. */
export function sentText(body: ChatBody): string {
  const user = body.messages.filter((m) => m.role === 'user').map((m) => m.content);
  const first = user[0] ?? '';
  const m = /<<<\n([\s\S]*?)\n>>>/.exec(first);
  return m ? m[1]! : user.join('\n');
}

interface ChatBody {
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: { properties?: Record<string, unknown> } } };
}

/** What the request's schema asks for: the record ('extract') or answers to questions ('verify'). */
function requestKind(body: ChatBody): 'extract' | 'verify' {
  const schema = body.response_format?.json_schema?.schema;
  if (schema?.properties) return 'patient' in schema.properties || 'medications' in schema.properties ? 'extract' : 'verify';
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  return /"patient"|"medications"/.test(system) ? 'extract' : 'verify';
}

interface Field {
  value: string | null;
  evidence: string | null;
}

export class OracleModel {
  private readonly docs: OracleDocument[] = [];
  readonly stats: OracleStats = { requests: 0, extractRequests: 0, verifyRequests: 0, promptTokens: 0, completionTokens: 0 };
  /** The invented medicine's name, per document id. */
  readonly invented = new Map<string, string>();

  constructor(private readonly opts: OracleOptions = {}) {}

  add(doc: OracleDocument): void {
    this.docs.push(doc);
  }

  clear(): void {
    this.docs.length = 0;
  }

  /** The server handler: answers one chat completion request. */
  respond = (req: RecordedRequest): FakeResponse => {
    const body = req.body as ChatBody;
    const text = sentText(body);
    const kind = requestKind(body);
    // A question about a few lines may name nothing that identifies the document: with one
    // document registered, it is that one.
    const doc = this.pick(text) ?? (this.docs.length === 1 ? this.docs[0]! : null);
    const answer = kind === 'extract' ? (doc ? this.extract(doc, text) : emptyAnswer()) : this.verify(doc, body, text);
    const content = this.wrap(JSON.stringify(answer), body);
    const promptTokens = estimateTokens(req.rawBody.length);
    const completionTokens = estimateTokens(content.length);
    this.stats.requests++;
    if (kind === 'extract') this.stats.extractRequests++;
    else this.stats.verifyRequests++;
    this.stats.promptTokens += promptTokens;
    this.stats.completionTokens += completionTokens;
    return { body: completion(content, { promptTokens, completionTokens }) };
  };

  private wrap(json: string, body: ChatBody): string {
    if (body.response_format) return json;
    switch (this.opts.wrapWithoutFormat ?? 'json') {
      case 'fenced':
        return '```json\n' + json + '\n```';
      case 'prose':
        return `Here is the record I extracted from the document:\n\n${json}\n\nLet me know if you need anything else.`;
      default:
        return json;
    }
  }

  /** The registered document the text comes from: the one with most of its values printed there. */
  private pick(text: string): OracleDocument | null {
    let best: OracleDocument | null = null;
    let bestScore = 0;
    for (const doc of this.docs) {
      let score = 0;
      const t = doc.truth;
      for (const v of [t.patient.nhsNumber, t.patient.familyName, t.patient.postcode]) if (v && findText(text, v).length) score += 3;
      for (const list of LIST_NAMES) {
        for (const item of t[list] as unknown as Record<string, string>[]) if (locate(text, 'text', item[LIST_KEYS[list]]!)) score++;
      }
      if (score > bestScore) {
        best = doc;
        bestScore = score;
      }
    }
    return best;
  }

  private evidence(doc: OracleDocument, path: string, text: string, span: Span | null, value: string, loose = false): string | null {
    let style: EvidenceStyle = span ? EVIDENCE_STYLES[hash(`${doc.id}|${path}`) % EVIDENCE_STYLES.length]! : 'value';
    if (!span) return value;
    // Over a wrapped table cell a model gives the value it put together, or nothing.
    if (loose) style = style === 'null' ? 'null' : 'value';
    const exact = text.slice(span.start, span.end);
    switch (style) {
      case 'exact':
        return exact;
      case 'collapsed':
        return exact.replace(/\s+/g, ' ');
      case 'joined':
        return exact.replace(/-\s*\n\s*/g, '').replace(/\s+/g, ' ');
      case 'line': {
        const line = lineAround(text, span);
        return text.slice(line.start, line.end).replace(/\s+/g, ' ').trim();
      }
      case 'value':
        return value;
      case 'null':
        return null;
    }
  }

  private extract(doc: OracleDocument, text: string): AnswerShape {
    const t = doc.truth;
    const patient: Record<string, Field> = {};
    for (const [f, spec] of Object.entries(PATIENT_SPEC) as [string, FieldSpec][]) {
      const value = (t.patient as Record<string, string | null | undefined>)[f] ?? null;
      const at = value === null ? null : locate(text, kindOf(spec), value);
      patient[f] = value !== null && at ? { value, evidence: this.evidence(doc, `patient.${f}`, text, at.span, value, at.loose) } : { value: null, evidence: null };
    }
    const answer: AnswerShape = { patient, allergies: [], medications: [], problems: [] };
    for (const list of LIST_NAMES) {
      const key = LIST_KEYS[list];
      const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
      const items = t[list] as unknown as Record<string, string | null>[];
      // Where each printed key is, in reading order from the previous one.
      let after = 0;
      const placed: { i: number; span: Span; loose: boolean }[] = [];
      items.forEach((item, i) => {
        let loose = false;
        let spans = findText(text, item[key]!);
        if (spans.length === 0) {
          spans = findWrapped(text, item[key]!);
          loose = true;
        }
        const span = spans.find((s) => s.start >= after) ?? spans[0];
        if (!span) return;
        after = span.start + 1;
        placed.push({ i, span, loose });
      });
      const starts = placed.map((p) => lineAround(text, p.span).start).sort((a, b) => a - b);
      for (const { i, span, loose } of placed) {
        const item = items[i]!;
        const from = lineAround(text, span).start;
        const to = starts.find((s) => s > from) ?? text.length;
        const out: Record<string, Field> = {};
        for (const [f, spec] of Object.entries(specs)) {
          const value = item[f] ?? null;
          const path = `${list}.${i}.${f}`;
          if (value === null) out[f] = { value: null, evidence: null };
          else if (spec.kind === 'category') out[f] = { value, evidence: categoryEvidence(text, from) };
          else if (f === key) out[f] = { value, evidence: this.evidence(doc, path, text, span, value, loose) };
          else {
            const near = locate(text.slice(from, to), kindOf(spec), value);
            const at = near ? { span: { start: near.span.start + from, end: near.span.end + from }, loose: near.loose } : locate(text, kindOf(spec), value);
            out[f] = { value, evidence: this.evidence(doc, path, text, at?.span ?? null, value, at?.loose) };
          }
        }
        answer[list].push(out);
      }
    }
    if (!this.opts.noInvention) this.invent(doc, text, answer);
    return answer;
  }

  private invent(doc: OracleDocument, text: string, answer: AnswerShape): void {
    const all = LIST_NAMES.flatMap((l) => (doc.truth[l] as unknown as Record<string, string>[]).map((x) => x[LIST_KEYS[l]]!)).join('\n');
    const name = INVENTIONS.find((n) => findText(text, n).length === 0 && findText(all, n).length === 0) ?? INVENTIONS[0]!;
    this.invented.set(doc.id, name);
    const lines = text.split('\n').filter((l) => l.trim());
    const h = hash(doc.id);
    // Half the time the model cites a real line of the document as its evidence.
    const evidence = h % 2 === 0 ? name : (lines[h % Math.max(1, lines.length)] ?? name);
    const item: Record<string, Field> = {
      category: { value: 'repeat', evidence: null },
      name: { value: name, evidence },
      dosage: { value: 'One tablet daily', evidence: null },
      quantity: { value: '28 tablet', evidence: null },
      date: { value: null, evidence: null },
      endDate: { value: null, evidence: null },
    };
    const at = h % (answer.medications.length + 1);
    answer.medications.splice(at, 0, item);
  }

  /**
   * Answers questions about named fields. Each question names the list, the entry (by its
   * key as read) and the field; the answer is the truth's value for it, with evidence.
   */
  private verify(doc: OracleDocument | null, body: ChatBody, text: string): { items: { id: string; value: string | null; evidence: string | null }[] } {
    const questions = parseQuestions(body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n'));
    const items = questions.map((q) => {
      const value = doc ? truthValue(doc.truth, q) : null;
      if (value === null) return { id: q.id, value: null, evidence: null };
      const spec = specFor(q);
      const at = spec?.kind === 'category' ? null : locate(text, spec ? kindOf(spec) : 'text', value);
      return { id: q.id, value, evidence: at ? this.evidence(doc!, `verify.${q.id}`, text, at.span, value, at.loose) : null };
    });
    return { items };
  }
}

interface AnswerShape {
  patient: Record<string, Field>;
  allergies: Record<string, Field>[];
  medications: Record<string, Field>[];
  problems: Record<string, Field>[];
}

function emptyAnswer(): AnswerShape {
  return {
    patient: Object.fromEntries(Object.keys(PATIENT_SPEC).map((f) => [f, { value: null, evidence: null }])),
    allergies: [],
    medications: [],
    problems: [],
  };
}

const CATEGORY_WORDS = /\b(acute|repeat|discontinued|stopped|current|regular|new|started|course)\b/i;

/** The nearest line above an item (its own included) with wording that names a category. */
function categoryEvidence(text: string, from: number): string | null {
  const lines = text.slice(0, from + 200).split('\n');
  let pos = text.slice(0, from).split('\n').length - 1;
  for (; pos >= 0 && pos >= lines.length - 40; pos--) {
    const m = CATEGORY_WORDS.exec(lines[pos] ?? '');
    if (m) return m[0];
  }
  return null;
}

/** A question of the verification request, as our prompt states it. */
export interface Question {
  id: string;
  path: string;
  key: string | null;
}

/**
 * Questions in our verification prompt are lines "- id <id>: <path> ... entry "<key>"".
 * The path is a record path (patient.sex, medications.3.category); the key names the entry.
 */
export function parseQuestions(text: string): Question[] {
  const out: Question[] = [];
  for (const line of text.split('\n')) {
    const m = /^- id (\S+?):? \(?([a-z]+(?:\.\d+)?\.[a-zA-Z]+)\)?/.exec(line.trim()) ?? /^- id (\S+) \(([a-zA-Z]+)\)/.exec(line.trim());
    if (!m) continue;
    const key = /entry "((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? null;
    out.push({ id: m[1]!, path: m[2]!, key: key ? JSON.parse(`"${key}"`) : null });
  }
  return out;
}

function specFor(q: Question): FieldSpec | null {
  const parts = q.path.split('.');
  if (parts[0] === 'patient') return (PATIENT_SPEC as Record<string, FieldSpec>)[parts[1]!] ?? null;
  const list = parts[0] as ListName;
  return (LIST_SPECS[list] as Record<string, FieldSpec> | undefined)?.[parts[parts.length - 1]!] ?? null;
}

function similarity(a: string, b: string): number {
  const ta = new Set(a.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean));
  const tb = new Set(b.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean));
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size || 1);
}

function truthValue(truth: ScrRecord, q: Question): string | null {
  const parts = q.path.split('.');
  if (parts[0] === 'patient') return (truth.patient as Record<string, string | null>)[parts[1]!] ?? null;
  const list = parts[0] as ListName;
  const field = parts[parts.length - 1]!;
  const items = truth[list] as unknown as Record<string, string | null>[] | undefined;
  if (!items || !q.key) return null;
  const keyField = LIST_KEYS[list];
  let best: Record<string, string | null> | null = null;
  let bestScore = 0.5;
  for (const item of items) {
    const s = similarity(item[keyField] ?? '', q.key);
    if (s > bestScore) {
      best = item;
      bestScore = s;
    }
  }
  return best ? (best[field] ?? null) : null;
}
