import { withFlags } from '../review-flags';
import type { ExtractionResult, FieldPath } from '../../contract/extraction';
import { PATIENT_FIELDS, type ScrRecord } from '../../contract/record';
import type { Box, ExtractionWarning, Provenance } from '../../contract/text';
import type { DocumentView, ViewSection } from '../../layout/document-view';
import { LIST_KEYS, LIST_NAMES, type ListName } from './answer-schema';
import type { VerifiedAnswer } from './verify-answer';

/**
 * Auto mode: the rules result with the model's verified values added. Patient fields the
 * rules read are kept (a disagreement is flagged for review); fields they missed are
 * filled. For lists, a section the model was asked about and found entries in is taken
 * from the model, replacing what the rules made of it; every other entry stays as the
 * rules read it. Provenance says, per value, which extractor produced it.
 */
export function mergeIntoRules(rules: ExtractionResult, ai: VerifiedAnswer, view: DocumentView, sent: ViewSection[]): ExtractionResult {
  const record: ScrRecord = { patient: { ...rules.record.patient }, allergies: [], medications: [], problems: [] };
  const provenance: Record<FieldPath, Provenance> = {};
  const confidence: Record<FieldPath, number> = {};
  const warnings: ExtractionWarning[] = [];

  const rulesBundles = splitByItem(rules.record, rules.provenance, rules.confidence, rules.warnings);
  const aiBundles = splitByItem(ai.record, ai.provenance, ai.confidence, ai.warnings);
  Object.assign(provenance, rulesBundles.other.provenance);
  Object.assign(confidence, rulesBundles.other.confidence);
  warnings.push(...rulesBundles.other.warnings);

  const patient = record.patient as Record<string, unknown>;
  for (const field of PATIENT_FIELDS) {
    const path = `patient.${field}`;
    const aiValue = (ai.record.patient as Record<string, unknown>)[field];
    if (aiValue === null || aiValue === undefined) continue;
    const rulesValue = patient[field];
    if (rulesValue === null || rulesValue === undefined) {
      patient[field] = aiValue;
      if (ai.provenance[path]) provenance[path] = ai.provenance[path]!;
      if (ai.confidence[path] !== undefined) confidence[path] = ai.confidence[path]!;
    } else if (String(rulesValue).toLowerCase() !== String(aiValue).toLowerCase()) {
      warnings.push({ code: 'extractors-disagree', message: 'the AI service read this value differently; check it', path, claimed: String(aiValue) });
    }
  }
  // Warnings about the model's patient values and dropped items (no item index) stay as they are.
  warnings.push(...aiBundles.other.warnings.filter((w) => !w.path?.startsWith('patient.') || patient[w.path.slice(8)] == null));

  const sectionOrder = new Map(view.sections.map((s, i) => [s, i]));
  const sentSet = new Set(sent);
  for (const list of LIST_NAMES) {
    const aiItems = aiBundles.items[list].map((b, i) => ({ bundle: b, section: ai.itemSections[list][i] ?? null }));
    const aiSections = new Set(aiItems.map((x) => x.section).filter((s): s is ViewSection => s !== null && sentSet.has(s)));
    const rulesItems = rulesBundles.items[list].map((b) => ({ bundle: b, section: sectionOfBoxes(view, b.provenance[LIST_KEYS[list]]?.boxes ?? []) }));
    const merged = [
      ...rulesItems.filter((x) => !(x.section && aiSections.has(x.section))),
      ...aiItems.filter((x) => x.section && aiSections.has(x.section)),
    ];
    // Document order by section; entries whose place is unknown go last. (Stable sort.)
    const rank = (s: ViewSection | null) => (s ? (sectionOrder.get(s) ?? Infinity) : Infinity);
    merged.sort((a, b) => rank(a.section) - rank(b.section));
    merged.forEach(({ bundle }, idx) => {
      (record[list] as unknown[]).push(bundle.item);
      for (const [field, p] of Object.entries(bundle.provenance)) provenance[`${list}.${idx}.${field}`] = p;
      for (const [field, c] of Object.entries(bundle.confidence)) confidence[`${list}.${idx}.${field}`] = c;
      for (const w of bundle.warnings) warnings.push({ ...w, path: `${list}.${idx}.${w.path}` });
    });
  }
  return withFlags({ record, provenance, confidence, warnings, extractor: 'auto', layout: rules.layout, sections: rules.sections });
}

interface ItemBundle {
  item: unknown;
  /** Keyed by field within the item. */
  provenance: Record<string, Provenance>;
  confidence: Record<string, number>;
  /** Paths relative to the item. */
  warnings: ExtractionWarning[];
}

const ITEM_PATH = /^(allergies|medications|problems)\.(\d+)\.(.+)$/;

/** Separates per-item provenance, confidence and warnings from the rest, so items can be renumbered. */
function splitByItem(
  record: ScrRecord,
  provenance: Record<FieldPath, Provenance>,
  confidence: Record<FieldPath, number>,
  warnings: ExtractionWarning[],
) {
  const items = Object.fromEntries(
    LIST_NAMES.map((list) => [list, (record[list] as unknown[]).map((item): ItemBundle => ({ item, provenance: {}, confidence: {}, warnings: [] }))]),
  ) as Record<ListName, ItemBundle[]>;
  const other = { provenance: {} as Record<FieldPath, Provenance>, confidence: {} as Record<FieldPath, number>, warnings: [] as ExtractionWarning[] };
  const bundleOf = (path: string | undefined) => {
    const m = path ? ITEM_PATH.exec(path) : null;
    const bundle = m ? items[m[1] as ListName][Number(m[2])] : undefined;
    return bundle ? { bundle, field: m![3]! } : null;
  };
  for (const [path, p] of Object.entries(provenance)) {
    const b = bundleOf(path);
    if (b) b.bundle.provenance[b.field] = p;
    else other.provenance[path] = p;
  }
  for (const [path, c] of Object.entries(confidence)) {
    const b = bundleOf(path);
    if (b) b.bundle.confidence[b.field] = c;
    else other.confidence[path] = c;
  }
  for (const w of warnings) {
    const b = bundleOf(w.path);
    if (b) b.bundle.warnings.push({ ...w, path: b.field });
    else other.warnings.push(w);
  }
  return { items, other };
}

/** The view section whose lines hold the first box (rules provenance points at printed text). */
function sectionOfBoxes(view: DocumentView, boxes: Box[]): ViewSection | null {
  const box = boxes[0];
  if (!box) return null;
  const middle = box.y + box.height / 2;
  for (const s of view.sections) {
    const lines = s.headingLine ? [s.headingLine, ...s.lines] : s.lines;
    if (lines.some((l) => l.page === box.page && middle >= l.y - 1 && middle <= l.bottom + 1)) return s;
  }
  return null;
}
