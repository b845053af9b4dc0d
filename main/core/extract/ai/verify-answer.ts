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
import { locateValue, missingPart, type Located } from './locate-value';
import { chainBoxes, chainText, type TextIndex } from './text-index';

/**
 * Deterministic verification of the model's answer. Every value is looked for in the whole
 * document (see locate-value.ts), not just the part that was sent: a model may give a value
 * for a section nobody asked about, and it counts if it is printed. Values that are not
 * printed are dropped from the record and listed as 'not-found-in-document' warnings with
 * what the model said and which part of it is not printed; an item whose identifying text
 * (medication name, allergy, problem term) is not printed is dropped whole. Kept values get
 * provenance (the boxes where they are printed) and a confidence; a value printed only away
 * from its entry, or an entry printed only under a heading for another kind, is kept and
 * flagged.
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

/**
 * Confidence of a value: where the model's evidence pointed at it, on one line or wrapped;
 * found by its value alone (the evidence was paraphrased); printed, but only away from its
 * entry; a category taken from a heading; a category only the model gave; 'repeat' where
 * nothing printed states a category (the convention for a current medicine).
 */
const CONFIDENCE = { oneLine: 0.9, wrapped: 0.85, valueOnly: 0.85, elsewhere: 0.5, heading: 0.9, modelOnly: 0.6, defaultCategory: 0.8 } as const;

const MEDICATION_KINDS = new Set(['acute', 'repeat', 'discontinued', 'medications']);
/** Section kinds an item of a list is unlikely to come from: a drug under 'Allergies' is an allergy, not a medication. */
const FOREIGN_SECTIONS: Record<ListName, (kind: string) => boolean> = {
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

export interface VerifyOptions {
  /** The sections that were sent: where the model read, so where its values are looked for first. */
  sent?: ReadonlySet<ViewSection>;
}

export function verifyAnswer(answer: Answer, index: TextIndex, opts: VerifyOptions = {}): VerifiedAnswer {
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
  const sent = opts.sent;
  const unsent = (c: number[]) => (sent && !sent.has(index.sections[index.tokens[c[0]!]!.section]!.view) ? 1 : 0);

  const keep = (path: string, located: Located, confidence?: number) => {
    out.provenance[path] = { boxes: chainBoxes(index, located.evidence), text: chainText(index, located.evidence), extractor: 'ai' };
    const lines = new Set(located.value.map((i) => index.tokens[i]!.line));
    out.confidence[path] = confidence ?? (!located.viaEvidence ? CONFIDENCE.valueOnly : lines.size > 1 ? CONFIDENCE.wrapped : CONFIDENCE.oneLine);
    out.kept++;
  };
  // A dropped entry leaves nothing in the record to check, so its warning names no path (no
  // flag); a dropped field leaves the field empty, and is flagged for the reviewer to look.
  const drop = (warnPath: string | null, answerPath: string, field: string, spec: FieldSpec, given: AnswerField, code = NOT_FOUND_CODE) => {
    const claimed = String(given.value);
    const warning: ExtractionWarning =
      code === NOT_FOUND_CODE
        ? notFoundWarning(warnPath, field, claimed, missingPart(index, spec.kind, normaliseValue(spec.kind, claimed)))
        : { code, message: 'the NHS number the AI service gave is not a valid NHS number', ...(warnPath ? { path: warnPath } : {}), claimed };
    out.warnings.push(warning);
    out.flagged.push({ answerPath, field, claimed, evidence: given.evidence });
    out.dropped++;
  };

  const patient = out.record.patient as Record<keyof Patient, string | null>;
  for (const [field, spec] of Object.entries(PATIENT_SPEC) as [keyof Patient, FieldSpec][]) {
    const given = answer.patient[field];
    if (!given || given.value === null || given.value.trim() === '') continue;
    const value = normaliseValue(spec.kind, given.value);
    const path = `patient.${field}`;
    if (spec.kind === 'nhs' && !isValidNhsNumber(value)) {
      drop(path, path, field, spec, given, 'nhs-checksum');
      continue;
    }
    const located = locateValue(index, spec.kind, value, given.evidence, { rank: unsent });
    if (!located) {
      drop(path, path, field, spec, given);
      continue;
    }
    patient[field] = located.form;
    keep(path, located);
  }

  for (const list of LIST_NAMES) {
    const keyField = LIST_KEYS[list];
    const specs = LIST_SPECS[list] as Record<string, FieldSpec>;
    const items = answer[list] as AnswerItem[];
    // First where each item's key is printed, then each item's other values inside the
    // stretch of text that belongs to it (up to the next item's key).
    const placed = locateKeys(index, list, items, unsent, (answerIdx) => {
      drop(null, `${list}.${answerIdx}.${keyField}`, `${list} entry`, specs[keyField]!, items[answerIdx]![keyField]!);
    });
    const regions = itemRegions(index, placed);
    placed.forEach((place, n) => {
      const item = items[place.answerIdx]!;
      const recordIdx = out.record[list].length;
      const keyToken = index.tokens[place.key.value[0]!]!;
      const region = regions[n]!;
      const built: Record<string, string | null> = {};
      const keySection = index.sections[keyToken.section]!;
      if (looksForeign(index, list, keySection.kind, place.key)) {
        out.warnings.push({
          code: 'item-kind-doubtful',
          message: `printed under a heading for a different kind of entry, in words that fit that kind; check that it is one of the ${list}`,
          path: `${list}.${recordIdx}`,
        });
      }
      for (const [field, spec] of Object.entries(specs)) {
        const given = item[field]!;
        const path = `${list}.${recordIdx}.${field}`;
        if (field === keyField) {
          built[field] = place.keyValue;
          keep(path, place.key);
          continue;
        }
        if (spec.kind === 'category') {
          built[field] = verifyCategory(index, keyToken.section, region, given, path, out);
          continue;
        }
        if (given.value === null || given.value.trim() === '') {
          built[field] = null;
          continue;
        }
        const value = normaliseValue(spec.kind, given.value);
        // A value printed against another entry does not ground this one; printed only
        // away from this entry it is kept for the reviewer to check.
        const near = locateValue(index, spec.kind, value, given.evidence, { region });
        const located = near ?? locateValue(index, spec.kind, value, given.evidence, { rank: unsent });
        if (!located) {
          built[field] = null;
          drop(path, `${list}.${place.answerIdx}.${field}`, field, spec, given);
          continue;
        }
        built[field] = located.form;
        if (near) keep(path, located);
        else {
          keep(path, located, CONFIDENCE.elsewhere);
          out.warnings.push({ code: 'not-beside-entry', message: `${field} is printed in the document, but not beside this entry; check it`, path });
        }
      }
      (out.record[list] as unknown as Record<string, string | null>[]).push(built);
      out.itemSections[list].push(keySection.view);
    });
  }
  return out;
}

function notFoundWarning(path: string | null, field: string, claimed: string, missing: string): ExtractionWarning {
  const part = missing === claimed ? '' : missing.startsWith('the ') ? ` (${missing} is not)` : ' (its last words are not)';
  return {
    code: NOT_FOUND_CODE,
    message: `${NOT_FOUND_MESSAGE}: the ${field} the AI service gave is not printed${part}`,
    ...(path ? { path } : {}),
    claimed,
    missing,
  };
}

interface PlacedItem {
  answerIdx: number;
  keyValue: string;
  key: Located;
}

/**
 * Where each item's key is printed, in answer order. The same text can be printed twice (a
 * drug that was repeat, then discontinued; a problem that is also a medication's reason):
 * each item takes the next unused place after the previous item's, in the sent text, under
 * a heading for its kind where there is one. Items whose key is not printed are reported
 * and left out.
 */
function locateKeys(
  index: TextIndex,
  list: ListName,
  items: AnswerItem[],
  unsent: (c: number[]) => number,
  onMissing: (answerIdx: number) => void,
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
      accept: (c) => !used.has(c[0]!),
      from: after,
      rank: (c) => unsent(c) * 4 + (FOREIGN_SECTIONS[list](kindOf(c)) ? 2 : 0) + (HOME_SECTIONS[list](kindOf(c)) ? 0 : 1),
    });
    if (!key) {
      onMissing(answerIdx);
      return;
    }
    used.add(key.value[0]!);
    after = key.value[0]!;
    placed.push({ answerIdx, keyValue, key });
  });
  return placed;
}

/**
 * The stretch of text that belongs to each placed item: from the line after the previous
 * item's key (a few lines at most: cells left of the name, such as the date, are on its
 * line or, in a wrapped row, above it) to the start of the next item's key line, or to the
 * next key itself when it is printed on the line where this key ends (prose), within one
 * section.
 */
/** Lines above an entry's name that may still be its row. */
const ROW_ABOVE = 3;

function itemRegions(index: TextIndex, placed: PlacedItem[]): { start: number; end: number }[] {
  const order = placed.map((p, n) => ({ n, first: p.key.value[0]!, last: p.key.value[p.key.value.length - 1]! })).sort((a, b) => a.first - b.first);
  const regions: { start: number; end: number }[] = new Array(placed.length);
  order.forEach((cur, k) => {
    const prev = order[k - 1];
    const next = order[k + 1];
    const line = index.tokens[cur.first]!.line;
    const section = index.tokens[cur.first]!.section;
    // A table row's cells can start above its name (a cell centred on a wrapped row): the
    // stretch starts after the previous entry's name, up to ROW_ABOVE lines up, in the section.
    let startLine = line;
    const prevLine = prev ? index.tokens[prev.last]!.line : -1;
    while (startLine > 0 && startLine - 1 > prevLine && line - (startLine - 1) <= ROW_ABOVE) {
      const t = index.tokens[index.lineStarts[startLine - 1]!];
      if (!t || t.section !== section) break;
      startLine--;
    }
    let start = index.lineStarts[startLine]!;
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
    regions[cur.n] = { start, end: Math.max(Math.min(end, sectionEnd + 1), cur.last + 1) };
  });
  return regions;
}

/** Wording that states a medication's category, as token runs (see text-index: lower case, letters and digits apart). */
const CATEGORY_WORDS: Record<string, string[]> = {
  // '#' is a number in digits or words: a short course ('for 5 days') is acute whatever it is printed under.
  // 'started' and 'new' in a letter: a new course. These words only ever confirm a category
  // the model gave; they never change one.
  acute: ['acute', 'short term', 'course', 'one off', 'for # days', 'for # day', 'for # weeks', 'for # week', 'started', 'new'],
  repeat: ['repeat', 'repeats', 'regular', 'current', 'long term', 'continue', 'continued', 'ongoing'],
  discontinued: ['discontinued', 'stopped', 'cancelled', 'ended', 'inactive', 'historical', 'withdrawn', 'ceased', 'no longer'],
};

/**
 * A medication's category is a classification, not printed text. Wording on the entry that
 * states the model's category ('Repeat' in a Type column, 'Status: Discontinued', 'stopped'
 * in a letter) grounds it. Otherwise, under a heading that names a category, the heading
 * decides (and a different answer is corrected, with a warning); elsewhere the model's
 * category stands, with good confidence where the line introducing the entry states it, with
 * low confidence (flagged) where nothing printed near the entry says so.
 */
function verifyCategory(index: TextIndex, sectionIdx: number, region: { start: number; end: number }, given: AnswerField, path: string, out: VerifiedAnswer): string {
  const claimed = given.value ?? 'repeat';
  const heading = index.sections[sectionIdx]!;
  const sectionKind = heading.kind;
  // Wording on the entry itself ('Status: Discontinued') outranks the heading over it.
  const onEntry = findWording(index, region.start, region.end, CATEGORY_WORDS[claimed] ?? []);
  if (onEntry) {
    out.provenance[path] = { boxes: chainBoxes(index, onEntry), text: chainText(index, onEntry), extractor: 'ai' };
    out.confidence[path] = CONFIDENCE.valueOnly;
    return claimed;
  }
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
  const stated = statedCategory(index, region, claimed);
  if (stated) {
    out.provenance[path] = { boxes: chainBoxes(index, stated), text: chainText(index, stated), extractor: 'ai' };
    out.confidence[path] = CONFIDENCE.valueOnly;
    return claimed;
  }
  const located = given.evidence ? locateValue(index, 'text', given.evidence, null) : null;
  if (located) out.provenance[path] = { boxes: chainBoxes(index, located.evidence), text: chainText(index, located.evidence), extractor: 'ai' };
  // Nothing printed states a category: 'repeat' is what a current medicine is taken to be
  // (the record's convention); 'acute' or 'discontinued' is a judgement the reviewer checks.
  out.confidence[path] = claimed === 'repeat' ? CONFIDENCE.defaultCategory : CONFIDENCE.modelOnly;
  return claimed;
}

/** How far above an entry the wording that introduces it may be ('Her regular medicines are:' over a list). */
const INTRO_LINES = 10;

/**
 * Tokens of wording that states this category for an entry: inside the entry's stretch of
 * text, or else on the nearest line above it in its section that states any category (the
 * line that introduces a list).
 */
function statedCategory(index: TextIndex, region: { start: number; end: number }, category: string): number[] | null {
  const inRegion = findWording(index, region.start, region.end, CATEGORY_WORDS[category] ?? []);
  if (inRegion) return inRegion;
  const first = index.tokens[region.start];
  if (!first) return null;
  const allWords = Object.values(CATEGORY_WORDS).flat();
  for (let line = first.line - 1; line >= 0 && line >= first.line - INTRO_LINES; line--) {
    const start = index.lineStarts[line]!;
    const end = index.lineStarts[line + 1]!;
    if (start === end || index.tokens[start]!.section !== first.section) break;
    if (findWording(index, start, end, allWords)) return findWording(index, start, end, CATEGORY_WORDS[category] ?? []);
  }
  return null;
}

function findWording(index: TextIndex, start: number, end: number, phrases: string[]): number[] | null {
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    for (let i = start; i + words.length <= end; i++) {
      if (words.every((w, k) => matchesWord(w, index.tokens[i + k]!.norm))) return words.map((_, k) => i + k);
    }
  }
  return null;
}

const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fourteen', 'twenty', 'thirty']);

function matchesWord(want: string, norm: string): boolean {
  return want === '#' ? /^\d+$/.test(norm) || NUMBER_WORDS.has(norm) : want === norm;
}

const ALLERGY_WORDS = ['allergy', 'allergies', 'allergic', 'reaction', 'reactions', 'intolerance', 'intolerant', 'adverse', 'sensitivity', 'anaphylaxis', 'hypersensitivity'];

/**
 * Whether an entry printed under a heading for another kind looks like that other kind
 * where it is printed: a medication or problem on a line that speaks of an allergy, or an
 * allergy on a line that does not. Headings in letters and other authors' layouts often
 * do not fit what follows them, so the heading alone proves nothing.
 */
function looksForeign(index: TextIndex, list: ListName, sectionKind: string, key: Located): boolean {
  if (!FOREIGN_SECTIONS[list](sectionKind)) return false;
  const lines = new Set(key.value.map((i) => index.tokens[i]!.line));
  const words = [...lines].flatMap((l) => index.tokens.slice(index.lineStarts[l]!, index.lineStarts[l + 1]!).map((t) => t.norm));
  const allergyWording = words.some((w) => ALLERGY_WORDS.includes(w));
  return list === 'allergies' ? !allergyWording : allergyWording;
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
