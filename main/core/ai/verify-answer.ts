import type { FieldPath } from '../contract/extraction';
import { emptyPatient, type Patient, type ScrRecord } from '../contract/record';
import type { ExtractionWarning, Provenance } from '../contract/text';
import type { ViewSection } from '../layout/document-view';
import { isValidNhsNumber } from '../normalise/nhs-number';
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
    const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
    const keyField = LIST_KEYS[list];
    const usedKeys = new Set<number>();
    let anchorLine = 0;
    (answer[list] as AnswerItem[]).forEach((item, answerIdx) => {
      const keyGiven = item[keyField]!;
      const keyValue = normaliseValue('key', keyGiven.value ?? '');
      const recordIdx = out.record[list].length;
      const answerPath = `${list}.${answerIdx}`;
      const forbidden = FORBIDDEN_SECTIONS[list];
      let wrongSection = false;
      const keyLocated = locateValue(index, 'key', keyValue, keyGiven.evidence, {
        prefer: (chains) => {
          const allowed = chains.filter((c) => !forbidden(index.sections[index.tokens[c[0]!]!.section]!.kind));
          wrongSection = chains.length > 0 && allowed.length === 0;
          // The same text can be printed twice (a drug that was repeat, then discontinued):
          // each item takes the next unused place at or after the previous item's.
          const line = (c: number[]) => index.tokens[c[0]!]!.line;
          const unused = allowed.filter((c) => !usedKeys.has(c[0]!));
          return [...unused.filter((c) => line(c) >= anchorLine), ...unused.filter((c) => line(c) < anchorLine)];
        },
      });
      if (!keyLocated) {
        if (wrongSection) {
          drop(list, `${answerPath}.${keyField}`, keyField, keyGiven, 'wrong-section', 'found only under a heading for a different kind of entry');
        } else {
          drop(list, `${answerPath}.${keyField}`, keyField, keyGiven);
        }
        return;
      }
      usedKeys.add(keyLocated.evidence[0]!);
      const keyToken = index.tokens[keyLocated.value[0]!]!;
      anchorLine = keyToken.line;
      const section = index.sections[keyToken.section]!;
      const built: Record<string, string | null> = {};
      for (const [field, spec] of Object.entries(specs)) {
        const given = item[field]!;
        const path = `${list}.${recordIdx}.${field}`;
        if (field === keyField) {
          built[field] = keyValue;
          keep(path, keyLocated);
          continue;
        }
        if (spec.kind === 'category') {
          built[field] = verifyCategory(index, section.kind, keyToken.section, given, path, out);
          continue;
        }
        if (given.value === null || given.value.trim() === '') {
          built[field] = null;
          continue;
        }
        const value = normaliseValue(spec.kind, given.value);
        // Values of one item are printed near its key: prefer the nearest place.
        const located = locateValue(index, spec.kind, value, given.evidence, {
          prefer: (chains) => chains.slice().sort((a, b) => distance(index, a, anchorLine) - distance(index, b, anchorLine)),
        });
        if (!located) {
          built[field] = null;
          drop(path, `${answerPath}.${field}`, field, given);
          continue;
        }
        built[field] = value;
        keep(path, located);
      }
      (out.record[list] as unknown as Record<string, string | null>[]).push(built);
      out.itemSections[list].push(section.view);
    });
  }
  return out;
}

function distance(index: TextIndex, chain: number[], line: number): number {
  return Math.abs(index.tokens[chain[0]!]!.line - line);
}

/**
 * A medication's category is a classification, not printed text. Under a heading that
 * names a category, the heading decides (and a different answer is corrected, with a
 * warning); elsewhere the model's category stands, with lower confidence.
 */
function verifyCategory(
  index: TextIndex,
  sectionKind: string,
  sectionIdx: number,
  given: AnswerField,
  path: string,
  out: VerifiedAnswer,
): string {
  const claimed = given.value ?? 'repeat';
  const heading = index.sections[sectionIdx]!;
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
  const located = given.evidence ? locateValue(index, 'text', given.evidence, given.evidence) : null;
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
