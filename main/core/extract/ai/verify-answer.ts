import type { FieldPath } from '../../contract/extraction';
import { emptyPatient, type Patient, type ScrRecord } from '../../contract/record';
import type { ExtractionWarning, Provenance } from '../../contract/text';
import type { ViewSection } from '../../layout/document-view';
import { isValidNhsNumber } from '../../normalise/nhs-number';
import {
  LIST_KEYS,
  LIST_NAMES,
  LIST_SPECS,
  PATIENT_SPEC,
  type Answer,
  type AnswerField,
  type AnswerItem,
  type FieldSpec,
  type ListName,
} from './answer-schema';
import { locateValue, type Located } from './locate-value';
import { chainBoxes, chainText, type TextIndex } from './text-index';

/**
 * Step 2 of the chain: deterministic verification. Every value the model gave is looked
 * for in the text that was sent (see locate-value.ts). Values that are not printed there
 * are dropped from the record and listed as 'not-found-in-document' warnings with what the
 * model said; an item whose identifying text (medication name, allergy, problem term) is
 * not printed is dropped whole. Kept values get provenance (the boxes where their
 * evidence is printed) and a confidence.
 */
export const NOT_FOUND_CODE = 'not-found-in-document';
export const NOT_FOUND_MESSAGE = 'not found in document';

/** A value that failed verification, addressed in the model's answer (for the recheck). */
export interface FlaggedValue {
  /** e.g. 'patient.dateOfBirth', 'medications.4.name' (index in the model's answer). */
  answerPath: string;
  field: string;
  claimed: string;
  evidence: string | null;
}

export interface VerifiedAnswer {
  record: ScrRecord;
  provenance: Record<FieldPath, Provenance>;
  confidence: Record<FieldPath, number>;
  warnings: ExtractionWarning[];
  /** The view section each kept item's key is printed in, in record order. */
  itemSections: Record<ListName, ViewSection[]>;
  flagged: FlaggedValue[];
  kept: number;
  dropped: number;
}

/** Confidence of a value found on one line / across wrapped lines / a category taken from a heading / a category only the model gave. */
const CONFIDENCE = { oneLine: 0.9, wrapped: 0.85, heading: 0.9, modelOnly: 0.6 } as const;

const MEDICATION_KINDS = new Set(['acute', 'repeat', 'discontinued', 'medications']);
/** Section kinds an item of a list may not come from: a drug under 'Allergies' is an allergy, not a medication. */
const FORBIDDEN_SECTIONS: Record<ListName, (kind: string) => boolean> = {
  medications: (kind) => kind === 'allergies',
  allergies: (kind) => MEDICATION_KINDS.has(kind),
  problems: (kind) => kind === 'allergies',
};

/** Section kinds where an item of a list is normally printed. */
const HOME_SECTIONS: Record<ListName, (kind: string) => boolean> = {
  medications: (kind) => MEDICATION_KINDS.has(kind),
  allergies: (kind) => kind === 'allergies',
  problems: (kind) => kind === 'problems',
};

export function verifyAnswer(answer: Answer, index: TextIndex): VerifiedAnswer {
  const out: VerifiedAnswer = {
    record: { patient: emptyPatient(), allergies: [], medications: [], problems: [] },
    provenance: {},
    confidence: {},
    warnings: [],
    itemSections: { allergies: [], medications: [], problems: [] },
    flagged: [],
    kept: 0,
    dropped: 0,
  };

  const keep = (path: string, located: Located) => {
    out.provenance[path] = { boxes: chainBoxes(index, located.evidence), text: chainText(index, located.evidence), extractor: 'ai' };
    const lines = new Set(located.value.map((i) => index.tokens[i]!.line));
    out.confidence[path] = lines.size > 1 ? CONFIDENCE.wrapped : CONFIDENCE.oneLine;
    out.kept++;
  };
  const drop = (warnPath: string, answerPath: string, field: string, given: AnswerField, code = NOT_FOUND_CODE, message = NOT_FOUND_MESSAGE) => {
    out.warnings.push({ code, message, path: warnPath, claimed: String(given.value) });
    out.flagged.push({ answerPath, field, claimed: String(given.value), evidence: given.evidence });
    out.dropped++;
  };

  const patient = out.record.patient as Record<keyof Patient, string | null>;
  for (const [field, spec] of Object.entries(PATIENT_SPEC) as [keyof Patient, FieldSpec][]) {
    const given = answer.patient[field];
    if (!given || given.value === null || given.value.trim() === '') continue;
    const value = normaliseValue(spec.kind, given.value);
    const path = `patient.${field}`;
    if (spec.kind === 'nhs' && !isValidNhsNumber(value)) {
      drop(path, path, field, given, 'nhs-checksum', 'NHS number given by the AI service is not a valid NHS number');
      continue;
    }
    const located = locateValue(index, spec.kind, value, given.evidence);
    if (!located) {
      drop(path, path, field, given);
      continue;
    }
    patient[field] = value;
    keep(path, located);
  }

  for (const list of LIST_NAMES) {
    const keyField = LIST_KEYS[list];
    const items = answer[list] as AnswerItem[];
    // First where each item's key is printed, then each item's other values inside the
    // stretch of text that belongs to it (up to the next item's key).
    const placed = locateKeys(index, list, items, (answerIdx, code) => {
      const given = items[answerIdx]![keyField]!;
      if (code === 'wrong-section') {
        drop(list, `${list}.${answerIdx}.${keyField}`, keyField, given, code, 'found only under a heading for a different kind of entry');
      } else drop(list, `${list}.${answerIdx}.${keyField}`, keyField, given);
    });
    const regions = itemRegions(index, placed);
    const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
    placed.forEach((place, n) => {
      const item = items[place.answerIdx]!;
      const recordIdx = out.record[list].length;
      const keyToken = index.tokens[place.key.value[0]!]!;
      const region = regions[n]!;
      const built: Record<string, string | null> = {};
      for (const [field, spec] of Object.entries(specs)) {
        const given = item[field]!;
        const path = `${list}.${recordIdx}.${field}`;
        if (field === keyField) {
          built[field] = place.keyValue;
          keep(path, place.key);
          continue;
        }
        if (spec.kind === 'category') {
          built[field] = verifyCategory(index, keyToken.section, given, path, out);
          continue;
        }
        if (given.value === null || given.value.trim() === '') {
          built[field] = null;
          continue;
        }
        const value = normaliseValue(spec.kind, given.value);
        // A date printed only against another entry does not ground this one.
        const located = locateValue(index, spec.kind, value, given.evidence, { region });
        if (!located) {
          built[field] = null;
          drop(path, `${list}.${place.answerIdx}.${field}`, field, given);
          continue;
        }
        built[field] = value;
        keep(path, located);
      }
      (out.record[list] as unknown as Record<string, string | null>[]).push(built);
      out.itemSections[list].push(index.sections[keyToken.section]!.view);
    });
  }
  return out;
}

interface PlacedItem {
  answerIdx: number;
  keyValue: string;
  key: Located;
}

/**
 * Where each item's key is printed, in answer order. The same text can be printed twice (a
 * drug that was repeat, then discontinued; a problem that is also a medication's reason):
 * each item takes the next unused place after the previous item's, under a heading for its
 * kind where there is one. Items whose key is not printed are reported and left out.
 */
function locateKeys(
  index: TextIndex,
  list: ListName,
  items: AnswerItem[],
  onMissing: (answerIdx: number, code: 'not-found' | 'wrong-section') => void,
): PlacedItem[] {
  const keyField = LIST_KEYS[list];
  const kindOf = (c: number[]) => index.sections[index.tokens[c[0]!]!.section]!.kind;
  const used = new Set<number>();
  const placed: PlacedItem[] = [];
  let after = 0;
  items.forEach((item, answerIdx) => {
    const given = item[keyField]!;
    const keyValue = normaliseValue('key', given.value ?? '');
    const key = locateValue(index, 'key', keyValue, given.evidence, {
      accept: (c) => !used.has(c[0]!) && !FORBIDDEN_SECTIONS[list](kindOf(c)),
      from: after,
      rank: (c) => (HOME_SECTIONS[list](kindOf(c)) ? 0 : 1),
    });
    if (!key) {
      const elsewhere = locateValue(index, 'key', keyValue, given.evidence, { accept: (c) => FORBIDDEN_SECTIONS[list](kindOf(c)) });
      onMissing(answerIdx, elsewhere ? 'wrong-section' : 'not-found');
      return;
    }
    used.add(key.evidence[0]!);
    after = key.value[0]!;
    placed.push({ answerIdx, keyValue, key });
  });
  return placed;
}

/**
 * The stretch of text that belongs to each placed item: from the start of its key's line
 * (cells left of the name, such as the date, are on it) to the start of the next item's key
 * line, or to the next key itself when it is printed on the line where this key ends
 * (prose), within one section.
 */
function itemRegions(index: TextIndex, placed: PlacedItem[]): { start: number; end: number }[] {
  const order = placed.map((p, n) => ({ n, first: p.key.value[0]!, last: p.key.value[p.key.value.length - 1]! })).sort((a, b) => a.first - b.first);
  const regions: { start: number; end: number }[] = new Array(placed.length);
  order.forEach((cur, k) => {
    const prev = order[k - 1];
    const next = order[k + 1];
    const line = index.tokens[cur.first]!.line;
    const section = index.tokens[cur.first]!.section;
    let start = index.lineStarts[line]!;
    if (prev && prev.last >= start) start = prev.last + 1;
    let end = index.tokens.length;
    if (next) {
      // A key can wrap: compare with the line its last word is on.
      const nextLine = index.tokens[next.first]!.line;
      end = nextLine === index.tokens[cur.last]!.line ? next.first : index.lineStarts[nextLine]!;
    }
    // Never past the end of the item's own section.
    let sectionEnd = cur.last;
    while (sectionEnd + 1 < index.tokens.length && index.tokens[sectionEnd + 1]!.section === section) sectionEnd++;
    regions[cur.n] = { start, end: Math.min(end, sectionEnd + 1) };
  });
  return regions;
}

/**
 * A medication's category is a classification, not printed text. Under a heading that
 * names a category, the heading decides (and a different answer is corrected, with a
 * warning); elsewhere the model's category stands, with lower confidence.
 */
function verifyCategory(index: TextIndex, sectionIdx: number, given: AnswerField, path: string, out: VerifiedAnswer): string {
  const claimed = given.value ?? 'repeat';
  const heading = index.sections[sectionIdx]!;
  const sectionKind = heading.kind;
  if (sectionKind === 'acute' || sectionKind === 'repeat' || sectionKind === 'discontinued') {
    if (claimed !== sectionKind) {
      out.warnings.push({
        code: 'category-from-heading',
        message: 'medication category taken from the heading it is printed under',
        path,
        claimed,
      });
    }
    out.provenance[path] = {
      boxes: chainBoxes(index, heading.headingTokens),
      text: chainText(index, heading.headingTokens),
      extractor: 'ai',
    };
    out.confidence[path] = CONFIDENCE.heading;
    return sectionKind;
  }
  const located = given.evidence ? locateValue(index, 'text', given.evidence, null) : null;
  if (located) out.provenance[path] = { boxes: chainBoxes(index, located.evidence), text: chainText(index, located.evidence), extractor: 'ai' };
  out.confidence[path] = CONFIDENCE.modelOnly;
  return claimed;
}

/** The record's forms: NHS numbers as digits, postcodes spaced and upper case, text collapsed. */
export function normaliseValue(kind: FieldSpec['kind'], value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  switch (kind) {
    case 'nhs':
      return v.replace(/[\s-]/g, '');
    case 'postcode': {
      const compact = v.replace(/\s/g, '').toUpperCase();
      return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
    }
    case 'sex':
      return v.toLowerCase();
    default:
      return v;
  }
}
