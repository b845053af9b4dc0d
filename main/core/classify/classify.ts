import type { DocumentText } from '../contract/text';
import { isValidNhsNumber } from '../normalise/nhs-number';

/**
 * Is this a patient record summary? Scores signals of two kinds, and needs both: something
 * that identifies a patient, and clinical content. An invoice or a rota has neither, so it
 * is refused rather than mined for a record.
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
  re: RegExp;
}

const SIGNALS: Signal[] = [
  { name: 'nhs-label', kind: 'identity', weight: 2, re: /\bNHS\s*(?:no\b|number|num\b|#)/i },
  { name: 'dob-label', kind: 'identity', weight: 2, re: /\b(?:date of birth|d\.?o\.?b\.?|born)\b/i },
  { name: 'sex-label', kind: 'identity', weight: 1, re: /\b(?:gender|sex)\b\s*:?\s*(?:male|female|m|f|other|unknown|not known|indeterminate)\b/i },
  { name: 'gp-label', kind: 'identity', weight: 1, re: /\b(?:registered (?:gp )?practice|gp practice|usual gp|registered gp)\b/i },
  { name: 'patient-label', kind: 'identity', weight: 1, re: /\b(?:patient name|patient details|patient:)/i },
  { name: 'allergy', kind: 'clinical', weight: 2, re: /\b(?:allerg(?:y|ies|ic)|adverse reactions?|sensitivit(?:y|ies)|intolerance)\b/i },
  { name: 'medication', kind: 'clinical', weight: 2, re: /\b(?:medications?|medicines|prescri(?:bed|ptions?)|repeat (?:medication|template)s?|acute (?:medication|issue)s?|drugs)\b/i },
  { name: 'problem', kind: 'clinical', weight: 2, re: /\b(?:problems?|diagnos(?:is|es)|medical history|past history|conditions)\b/i },
  { name: 'dose', kind: 'clinical', weight: 1, re: /\b\d+(?:\.\d+)?\s?(?:mg|microgram|mcg|ml|units?)\b/i },
  { name: 'form', kind: 'clinical', weight: 1, re: /\b(?:tablets?|capsules?|inhaler|cream|oral solution|injection)\b/i },
  { name: 'sig', kind: 'clinical', weight: 1, re: /\b(?:to be taken|times a day|once a day|twice a day|each (?:day|morning)|at night|when required)\b/i },
  { name: 'title', kind: 'title', weight: 2, re: /\b(?:summary care record|patient summary|gp summary|general practice summary|care record|discharge summary|clinical summary|medical summary)\b/i },
];

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
    if (!s.re.test(full)) continue;
    signals.push(s.name);
    if (s.kind === 'identity') identity += s.weight;
    else if (s.kind === 'clinical') clinical += s.weight;
    else title += s.weight;
  }
  // A valid NHS number anywhere is strong evidence of a patient document.
  const digits = full.match(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g) ?? [];
  if (digits.some((d) => isValidNhsNumber(d.replace(/\D/g, '')))) {
    signals.push('nhs-number');
    identity += 3;
  }
  const score = identity + clinical + title;
  const isScr = identity >= 2 && clinical >= 2 && score >= 6;
  return { isScr, noText: false, score, identity, clinical, signals };
}
