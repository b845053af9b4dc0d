import type { ExtractionResult, FieldPath } from '../../contract/extraction';
import { PATIENT_FIELDS, type ScrRecord } from '../../contract/record';
import type { Box, ExtractionWarning, Provenance, Reading } from '../../contract/text';
import { REVIEW_BELOW, withFlags } from '../review-flags';
import { LIST_KEYS, LIST_NAMES, LIST_SPECS, PATIENT_SPEC, type FieldSpec, type ListName } from './answer-schema';
import { hasIdentity, type AiSelection } from './section-plan';
import { normaliseWords } from './text-index';
import type { VerifiedAnswer } from './verify-answer';

/**
 * Auto mode: the rules' result and the model's verified reading, merged by evidence, field
 * by field. Entries are paired across the two readings (same printed place, or the same
 * name); then for each field:
 *   - both read the same: kept, confidence raised, the rules' doubts about it resolved;
 *   - only the model read one: the model's value is added;
 *   - they differ: the better-grounded reading is kept (a value the rules flagged counts
 *     as weak), the field is flagged 'extractors-disagree' with the other reading in the
 *     warning's `claimed` and in the provenance's `alternative`.
 * The model's entries the rules did not have are added. A rules entry the model did not
 * list, in text it was sent, is left out where the rules had doubted it, or where the model
 * listed other entries in the same section (the section is then flagged, with the rules'
 * reading); otherwise it is kept and flagged. A rules entry the model read as another kind
 * of entry (same printed place) takes the model's kind. Provenance says per value which extractor's reading it is, and
 * `merge` says what the model did to it ('added', 'changed', 'confirmed', 'kept').
 */
export const DISAGREE = 'extractors-disagree';

/** Doubts a second reading cannot settle: about the print itself, or facts checked by rule. */
const STANDING_CODES = new Set(['ocr-repaired', 'ocr-low-confidence', 'section-garbled', 'dob-future', 'nhs-checksum', 'ai-token-cap']);
/** How much a reading the rules flagged is worth against the model's. */
const FLAGGED_RULES = 0.5;
/** Confidence of a value the two extractors read differently, whichever was kept. */
const DISPUTED = 0.5;

interface Bundle {
  value: Record<string, unknown>;
  provenance: Record<string, Provenance>;
  confidence: Record<string, number>;
  /** Paths relative to the item ('' for the item itself). */
  warnings: ExtractionWarning[];
}

interface Side {
  patient: Bundle;
  items: Record<ListName, Bundle[]>;
  other: ExtractionWarning[];
}

const ITEM_PATH = /^(allergies|medications|problems)\.(\d+)(?:\.(.+))?$/;

function split(record: ScrRecord, provenance: Record<FieldPath, Provenance>, confidence: Record<FieldPath, number>, warnings: ExtractionWarning[]): Side {
  const bundle = (value: Record<string, unknown>): Bundle => ({ value, provenance: {}, confidence: {}, warnings: [] });
  const side: Side = {
    patient: bundle({ ...record.patient }),
    items: Object.fromEntries(LIST_NAMES.map((l) => [l, (record[l] as unknown as Record<string, unknown>[]).map((x) => bundle({ ...x }))])) as Side['items'],
    other: [],
  };
  const locate = (path: string | undefined): { b: Bundle; rel: string } | null => {
    if (!path) return null;
    if (path.startsWith('patient.')) return { b: side.patient, rel: path.slice(8) };
    const m = ITEM_PATH.exec(path);
    const b = m ? side.items[m[1] as ListName][Number(m[2])] : undefined;
    return b ? { b, rel: m![3] ?? '' } : null;
  };
  for (const [path, p] of Object.entries(provenance)) {
    const at = locate(path);
    if (at) at.b.provenance[at.rel] = p;
  }
  for (const [path, c] of Object.entries(confidence)) {
    const at = locate(path);
    if (at) at.b.confidence[at.rel] = c;
  }
  for (const w of warnings) {
    const at = locate(w.path);
    if (at) at.b.warnings.push({ ...w, path: at.rel });
    else side.other.push(w);
  }
  return side;
}

/** Whether two readings of a field say the same thing. */
function same(spec: FieldSpec, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a == b;
  if (spec.kind === 'date' || spec.kind === 'category' || spec.kind === 'sex') return String(a).toLowerCase() === String(b).toLowerCase();
  const na = normaliseWords(String(a));
  const nb = normaliseWords(String(b));
  if (spec.kind === 'quantity') return na.replace(/e?s$/, '') === nb.replace(/e?s$/, '');
  return na === nb;
}

/** Merges one field of a paired entry (or of the patient) into `out`. */
function mergeField(
  field: string,
  spec: FieldSpec,
  rules: Bundle,
  ai: Bundle,
  rulesDoubted: boolean,
  out: Bundle,
  /** Whether the model was sent the text where the rules read this field. */
  modelRead: (p: Provenance | undefined) => boolean,
): void {
  const r = rules.value[field] ?? null;
  const a = ai.value[field] ?? null;
  const rulesWarnings = rules.warnings.filter((w) => w.path === field);
  const aiWarnings = ai.warnings.filter((w) => w.path === field);
  const rulesConf = rules.confidence[field];
  const aiConf = ai.confidence[field] ?? 0;
  const doubted =
    rulesDoubted || rulesWarnings.some((w) => !STANDING_CODES.has(w.code)) || (rulesConf !== undefined && rulesConf < REVIEW_BELOW);
  const standing = rulesWarnings.filter((w) => STANDING_CODES.has(w.code));
  const takeRules = (merge?: Provenance['merge'], alternative?: Reading) => {
    out.value[field] = r;
    const p = rules.provenance[field];
    if (p) out.provenance[field] = { ...p, ...(merge ? { merge } : {}), ...(alternative ? { alternative } : {}) };
    if (rulesConf !== undefined) out.confidence[field] = rulesConf;
  };
  const takeAi = (merge: Provenance['merge'], alternative?: Reading) => {
    out.value[field] = a;
    const p = ai.provenance[field];
    if (p) out.provenance[field] = { ...p, merge, ...(alternative ? { alternative } : {}) };
    out.confidence[field] = aiConf;
  };
  const reading = (side: 'rules' | 'ai'): Reading => {
    const b = side === 'rules' ? rules : ai;
    const p = b.provenance[field];
    const v = b.value[field];
    return { extractor: side, value: v === null || v === undefined ? null : String(v), boxes: p?.boxes ?? [], text: p?.text ?? '' };
  };

  if (a === null) {
    if (r !== null && doubted && modelRead(rules.provenance[field])) {
      // The rules were unsure of a value the model, reading the same text, found no value
      // for: the model's reading stands (nothing), flagged, with the rules' reading kept
      // in the warning and the provenance for the reviewer to put back.
      out.value[field] = null;
      const p = rules.provenance[field];
      if (p) out.provenance[field] = { ...p, extractor: 'ai', merge: 'changed', alternative: reading('rules') };
      out.warnings.push(...standing, disagree(field, String(r), 'removed'));
      return;
    }
    takeRules();
    // The model dropped a value of its own here: its warning tells the reviewer only when
    // the record has nothing either.
    out.warnings.push(...rulesWarnings, ...(r === null ? aiWarnings : []));
    return;
  }
  if (r === null) {
    takeAi('added');
    out.warnings.push(...standing, ...aiWarnings);
    return;
  }
  if (same(spec, r, a)) {
    // The same words: where the rules were unsure of theirs, the model's spelling of them
    // ('Elm Way', not 'Elm, Way'; '50micrograms/dose', not '50micrograms/do se') stands.
    if (doubted && String(r) !== String(a)) takeAi('confirmed');
    else takeRules('confirmed');
    const c = 1 - (1 - (rulesConf ?? 0.5)) * (1 - aiConf);
    out.confidence[field] = Math.min(0.99, Math.round(c * 100) / 100);
    out.warnings.push(...standing);
    return;
  }
  // They differ: the better-grounded reading stands, and the field is flagged.
  const rulesWeight = doubted ? Math.min(rulesConf ?? FLAGGED_RULES, FLAGGED_RULES) : (rulesConf ?? FLAGGED_RULES);
  if (aiConf >= rulesWeight) {
    takeAi('changed', reading('rules'));
    out.warnings.push(...standing, disagree(field, String(r)));
  } else {
    takeRules('kept', reading('ai'));
    out.warnings.push(...rulesWarnings, disagree(field, String(a)));
  }
  out.confidence[field] = DISPUTED;
}

function disagree(path: string, other: string, how: 'differ' | 'removed' = 'differ'): ExtractionWarning {
  return {
    code: DISAGREE,
    message:
      how === 'removed'
        ? 'the offline rules read a value here that the AI service, reading the same text, found no value for; it was left empty: check it against the document (the rules’ reading is shown)'
        : 'the offline rules and the AI service read this value differently; check it against the document (both readings are shown)',
    path,
    claimed: other,
  };
}

function keyPlace(b: Bundle, key: string): Box | null {
  return b.provenance[key]?.boxes[0] ?? null;
}

function overlaps(a: Box | null, b: Box | null): boolean {
  if (!a || !b || a.page !== b.page) return false;
  const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return dy > 0 && dx > 0;
}

function similarity(a: string, b: string): number {
  const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}.]+/u).filter(Boolean));
  const ta = words(a);
  const tb = words(b);
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size || 1);
}

/** Rules and model entries that are the same entry: printed in the same place, or the same name. */
function pair(list: ListName, rules: Bundle[], ai: Bundle[]): [number, number][] {
  const key = LIST_KEYS[list];
  const scored: { r: number; a: number; s: number }[] = [];
  rules.forEach((rb, r) =>
    ai.forEach((ab, a) => {
      const rk = String(rb.value[key] ?? '');
      const ak = String(ab.value[key] ?? '');
      let s = similarity(rk, ak);
      if (normaliseWords(rk) === normaliseWords(ak)) s = 1.5;
      if (overlaps(keyPlace(rb, key), keyPlace(ab, key))) s += 1;
      if (s >= 0.5) scored.push({ r, a, s });
    }),
  );
  scored.sort((x, y) => y.s - x.s);
  const usedR = new Set<number>();
  const usedA = new Set<number>();
  const out: [number, number][] = [];
  for (const { r, a } of scored) {
    if (usedR.has(r) || usedA.has(a)) continue;
    usedR.add(r);
    usedA.add(a);
    out.push([r, a]);
  }
  return out;
}

export function mergeIntoRules(
  rules: ExtractionResult,
  ai: VerifiedAnswer,
  selection: AiSelection,
  sectionOf: (list: ListName, item: number) => unknown,
  sentAt: (boxes: Box[]) => boolean,
): ExtractionResult {
  const R = split(rules.record, rules.provenance, rules.confidence, rules.warnings);
  const A = split(ai.record, ai.provenance, ai.confidence, ai.warnings);
  const asked = selection.asked;
  const sent = new Set<unknown>(selection.sections);
  const record: ScrRecord = { patient: { ...rules.record.patient }, allergies: [], medications: [], problems: [] };
  const provenance: Record<FieldPath, Provenance> = {};
  const confidence: Record<FieldPath, number> = {};
  const warnings: ExtractionWarning[] = [];
  const emit = (prefix: string, b: Bundle) => {
    for (const [f, p] of Object.entries(b.provenance)) provenance[f ? `${prefix}.${f}` : prefix] = p;
    for (const [f, c] of Object.entries(b.confidence)) confidence[f ? `${prefix}.${f}` : prefix] = c;
    for (const w of b.warnings) warnings.push({ ...w, path: w.path ? `${prefix}.${w.path}` : prefix });
  };

  // The patient, field by field. The model read the patient's details if it was sent them.
  const readBy = (p: Provenance | undefined) => selection.scope === 'document' || (p !== undefined && sentAt(p.boxes));
  const patient: Bundle = { value: {}, provenance: {}, confidence: {}, warnings: [] };
  for (const field of PATIENT_FIELDS) {
    const spec = (PATIENT_SPEC as Record<string, FieldSpec>)[field] ?? { kind: 'text', description: '' };
    mergeField(field, spec, R.patient, A.patient, asked.patient.whole || asked.patient.fields.has(field), patient, readBy);
  }
  Object.assign(record.patient, patient.value);
  emit('patient', patient);

  // Warnings about the record as a whole and about sections.
  const merged = (list: ListName) => asked.lists[list].whole || A.items[list].length > 0;
  for (const w of R.other) {
    if (STANDING_CODES.has(w.code) || !w.path) {
      warnings.push(w);
      continue;
    }
    if (w.path === 'patient' && w.code === 'no-patient' && hasIdentity(record.patient)) continue;
    const list = LIST_NAMES.find((l) => l === w.path);
    if (list && asked.lists[list].whole && merged(list)) continue;
    warnings.push(w);
  }
  warnings.push(...A.other);

  // Sections in which the model listed entries of any kind: it read them entry by entry.
  const modelListed = new Set<unknown>(LIST_NAMES.flatMap((l) => ai.itemSections[l]));
  const pairsOf = Object.fromEntries(LIST_NAMES.map((l) => [l, pair(l, R.items[l], A.items[l])])) as Record<ListName, [number, number][]>;
  // The model's entries the rules had in another list: where the rules' entry is printed
  // is where the model read an entry of a different kind ('Amitriptyline' under a letter's
  // Allergies heading, read as a medication). The model's kind stands; the entry is flagged
  // where the rules were sure of theirs.
  const reclassified = new Map<Bundle, ExtractionWarning>();
  const movedOut = new Set<Bundle>();
  for (const list of LIST_NAMES) {
    const pairedR = new Set(pairsOf[list].map(([r]) => r));
    R.items[list].forEach((rb, r) => {
      if (pairedR.has(r)) return;
      const at = keyPlace(rb, LIST_KEYS[list]);
      for (const other of LIST_NAMES) {
        if (other === list) continue;
        const pairedA = new Set(pairsOf[other].map(([, a]) => a));
        const hit = A.items[other].find((ab, a) => !pairedA.has(a) && overlaps(at, keyPlace(ab, LIST_KEYS[other])));
        if (!hit) continue;
        movedOut.add(rb);
        const doubted = rb.warnings.some((w) => w.path === '' && !STANDING_CODES.has(w.code)) || asked.lists[list].items.has(r) || asked.lists[list].whole;
        if (!doubted && !reclassified.has(hit)) {
          reclassified.set(hit, {
            code: DISAGREE,
            message: `the offline rules read this entry as one of the ${list}; check which kind of entry it is`,
            path: '',
            claimed: list,
          });
        }
        break;
      }
    });
  }

  for (const list of LIST_NAMES) {
    const key = LIST_KEYS[list];
    const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
    const rulesItems = R.items[list];
    const aiItems = A.items[list];
    const pairs = pairsOf[list];
    const pairedR = new Map(pairs.map(([r, a]) => [r, a]));
    const pairedA = new Set(pairs.map(([, a]) => a));
    const out: Bundle[] = [];
    const listAsked = asked.lists[list];

    rulesItems.forEach((rb, r) => {
      const a = pairedR.get(r);
      const itemDoubted = rb.warnings.some((w) => w.path === '' && !STANDING_CODES.has(w.code)) || listAsked.items.has(r);
      if (a === undefined) {
        const read = selection.scope === 'document' || sent.has(sectionOf(list, r));
        if (movedOut.has(rb)) return;
        if (!read) {
          out.push(rb);
        } else if (itemDoubted) {
          // The rules doubted this entry and the model, reading the same text, did not list it.
          warnings.push({
            code: 'dropped-after-ai',
            message: `an entry the offline rules doubted was not read as one of the ${list} by the AI service, and was left out`,
            claimed: String(rb.value[key] ?? ''),
          });
        } else if (modelListed.has(sectionOf(list, r))) {
          // The model read this section's entries and this was not one of them (a label, a
          // heading, a sentence the rules took for an entry): it is left out, and the
          // section flagged with the rules' reading, so that the reviewer can put it back.
          warnings.push({
            code: DISAGREE,
            message: `the offline rules read an entry here that the AI service, reading the same section, did not; it was left out: check the ${list} against the document`,
            path: list,
            claimed: String(rb.value[key] ?? ''),
          });
        } else {
          out.push({
            ...rb,
            warnings: [...rb.warnings, { code: DISAGREE, message: `the AI service did not read this as one of the ${list}; check it against the document`, path: '' }],
          });
        }
        return;
      }
      const ab = aiItems[a]!;
      const merged: Bundle = { value: {}, provenance: {}, confidence: {}, warnings: [] };
      for (const [field, spec] of Object.entries(specs)) {
        const doubted = listAsked.whole || itemDoubted || listAsked.fields.has(`${r}.${field}`);
        mergeField(field, spec, rb, ab, doubted, merged, readBy);
      }
      // The entry itself: the model listing it too settles the rules' doubt about it.
      merged.warnings.push(...rb.warnings.filter((w) => w.path === '' && STANDING_CODES.has(w.code)));
      merged.warnings.push(...ab.warnings.filter((w) => w.path === ''));
      out.push(merged);
    });
    aiItems.forEach((ab, a) => {
      if (pairedA.has(a)) return;
      const added: Bundle = {
        ...ab,
        provenance: Object.fromEntries(Object.entries(ab.provenance).map(([f, p]) => [f, { ...p, merge: 'added' as const }])),
        warnings: [...ab.warnings, ...(reclassified.has(ab) ? [reclassified.get(ab)!] : [])],
      };
      out.push(added);
    });
    // Reading order: by where each entry's key is printed; entries with no place last.
    const place = (b: Bundle) => keyPlace(b, key);
    const ordered = out.map((b, i) => ({ b, i })).sort((x, y) => comparePlaces(place(x.b), place(y.b)) || x.i - y.i);
    ordered.forEach(({ b }, idx) => {
      (record[list] as unknown[]).push(b.value);
      emit(`${list}.${idx}`, b);
    });
  }
  return withFlags({ record, provenance, confidence, warnings, extractor: 'auto', layout: rules.layout, sections: rules.sections });
}

function comparePlaces(a: Box | null, b: Box | null): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.page - b.page || a.y - b.y || a.x - b.x;
}
