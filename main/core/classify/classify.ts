import type { ExtractionResult } from '../contract/extraction';
import type { DocumentText } from '../contract/text';
import { extractWithRules } from '../extract/rules/extract-record';
import { damagedShare, UNUSABLE_TEXT_SHARE } from '../layout/garbled';
import { findDates } from '../normalise/dates';
import { isValidNhsNumber } from '../normalise/nhs-number';

/**
 * Is this a patient record summary? It needs both kinds of evidence: a patient identified
 * by values (a valid NHS number, a date of birth), not just the words 'NHS number' on a
 * blank form or in a policy; and clinical content (allergy, medication or problem entries,
 * medicines with strengths and doses). An invoice, a rota or a meeting note is refused
 * rather than mined for a record.
 */
export interface Classification {
  isScr: boolean;
  /** No text at all: image-only until OCR reads it. */
  noText: boolean;
  score: number;
  identity: number;
  clinical: number;
  /** Signal names only (never document text), for logs and tests. */
  signals: string[];
}

interface Signal {
  name: string;
  kind: 'identity' | 'clinical' | 'title';
  weight: number;
  test: (text: string) => boolean;
}

const DOB_LABEL = /\b(?:date of birth|d\.?o\.?b\.?|born|birth date)\b\s*[:.]?/gi;
const MEDICINE = /\b\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?|%)(?:\/\S+)?\s+(?:\w+[\s-]+){0,3}?(?:tablets?|capsules?|inhaler|cream|ointment|oral solution|oral suspension|injection|drops|spray|patch(?:es)?|gel|pessar(?:y|ies)|suppositor(?:y|ies)|liquid|sachets?|granules|lozenges?|pens?)\b/i;

function labelledDate(text: string): boolean {
  for (const m of text.matchAll(DOB_LABEL)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    if (findDates(after).length > 0) return true;
  }
  return false;
}

function labelledValue(label: RegExp, value: RegExp): (text: string) => boolean {
  const re = new RegExp(`${label.source}\\s*[:.]?\\s*${value.source}`, 'i');
  return (t) => re.test(t);
}

const SIGNALS: Signal[] = [
  { name: 'dob', kind: 'identity', weight: 2, test: labelledDate },
  {
    name: 'sex',
    kind: 'identity',
    weight: 1,
    test: labelledValue(/\b(?:gender|sex)\b/, /(?:male|female|m|f|other|unknown|not known|indeterminate)\b/),
  },
  { name: 'name', kind: 'identity', weight: 1, test: labelledValue(/\b(?:patient name|name|surname|patient)\b/, /(?:mr|mrs|ms|miss|mx|dr)?\.?\s*\p{Lu}[\p{L}'-]+/u) },
  { name: 'medicine', kind: 'clinical', weight: 2, test: (t) => MEDICINE.test(t) },
  {
    name: 'sig',
    kind: 'clinical',
    weight: 1,
    test: (t) => /\b(?:to be taken|times a day|once a day|twice a day|each (?:day|morning)|at night|when required|as directed|daily)\b/i.test(t),
  },
  { name: 'allergy', kind: 'clinical', weight: 1, test: (t) => /\b(?:allerg(?:y|ies|ic)|adverse reactions?|intolerance|sensitivit(?:y|ies))\b/i.test(t) },
  { name: 'problem', kind: 'clinical', weight: 1, test: (t) => /\b(?:problems?|diagnos(?:is|es)|medical history|past history)\b/i.test(t) },
  { name: 'medication', kind: 'clinical', weight: 1, test: (t) => /\b(?:medications?|medicines|prescri(?:bed|ptions?))\b/i.test(t) },
  {
    name: 'title',
    kind: 'title',
    weight: 1,
    test: (t) => /\b(?:summary care record|patient summary|gp summary|general practice summary|care record|discharge summary|clinical summary|medical summary)\b/i.test(t),
  },
];

/**
 * The signals of a document's text alone. Whether it is a patient summary is decided with
 * what the extractor read from it: see readPatientSummary.
 */
export function classifyDocument(text: DocumentText): Classification {
  const full = text.items.map((i) => i.str).join(' ');
  if (full.trim().length === 0) {
    return { isScr: false, noText: true, score: 0, identity: 0, clinical: 0, signals: [] };
  }
  const signals: string[] = [];
  let identity = 0;
  let clinical = 0;
  let title = 0;
  for (const s of SIGNALS) {
    if (!s.test(full)) continue;
    signals.push(s.name);
    if (s.kind === 'identity') identity += s.weight;
    else if (s.kind === 'clinical') clinical += s.weight;
    else title += s.weight;
  }
  // A valid NHS number anywhere is strong evidence of a patient document.
  const numbers = full.match(/(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g) ?? [];
  if (numbers.some((d) => isValidNhsNumber(d.replace(/\D/g, '')))) {
    signals.push('nhs-number');
    identity += 3;
  }
  const score = identity + clinical + title;
  const isScr = identity >= 2 && clinical >= 2;
  return { isScr, noText: false, score, identity, clinical, signals };
}

const CLINICAL_KINDS = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);

function listOf(kind: string): string {
  return kind === 'allergies' || kind === 'problems' ? kind : 'medications';
}

/**
 * Classifies a document and, where it is a patient summary, extracts its record. A summary
 * has clinical sections the extractor could read (entries, or a statement that there are
 * none). Clinical sections alone are not enough for a document that shows no patient (a
 * price list of medicines, a prescribing policy): it must then have the sections of a
 * summary (two kinds or more) or call itself one. So the national GP Summary printed
 * without its patient banner is still read, and its patient is left for staff to link.
 */
export function readPatientSummary(text: DocumentText): { classification: Classification; result: ExtractionResult | null } {
  const signals = classifyDocument(text);
  if (signals.noText) return { classification: signals, result: null };
  // A text layer that is mostly damaged (a broken font) is no text at all: nothing in it can
  // be trusted, and OCR, where there is one, reads the pages from their pixels instead.
  if (damagedShare(text.items) >= UNUSABLE_TEXT_SHARE) {
    return { classification: { ...signals, noText: true, signals: [...signals.signals, 'text-damaged'] }, result: null };
  }
  const result = extractWithRules(text);
  const read = result.sections.filter((s) => CLINICAL_KINDS.has(s.kind) && (s.rows > 0 || s.statedEmpty || (s.damaged ?? 0) > 0));
  const kinds = new Set(read.map((s) => listOf(s.kind))).size;
  // Clinical sections whose text is damaged count: they are flagged, not dropped.
  const damaged = result.warnings.some((w) => w.code === 'section-garbled');
  const titled = signals.signals.includes('title');
  const isScr = (kinds >= 1 || damaged) && (signals.identity >= 2 || kinds >= 2 || titled);
  const classification: Classification = { ...signals, isScr, clinical: Math.max(signals.clinical, kinds), signals: [...signals.signals, `clinical-sections-${kinds}`] };
  return { classification, result: isScr ? result : null };
}
