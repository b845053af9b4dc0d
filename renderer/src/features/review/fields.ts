import { isValidNhsNumber, type Medication, type ScrRecord } from '../../core';
import { parseUserDate, todayIso } from '../../lib/dates';

/** How each editable value is shown, checked and stored. */
export type FieldKind = 'text' | 'nhs' | 'date' | 'sex' | 'category';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Dates that cannot be in the future (birth). */
  past?: boolean;
  width?: 10 | 20 | 30;
  /** Shown as a box of several lines (addresses, dosage instructions run long). */
  multiline?: boolean;
}

export const PATIENT_SPECS: FieldSpec[] = [
  { key: 'nhsNumber', label: 'NHS number', kind: 'nhs', required: true, width: 10 },
  { key: 'title', label: 'Title', kind: 'text', width: 10 },
  { key: 'givenName', label: 'Given name', kind: 'text', required: true, width: 20 },
  { key: 'familyName', label: 'Family name', kind: 'text', required: true, width: 20 },
  { key: 'dateOfBirth', label: 'Date of birth', kind: 'date', required: true, past: true, width: 10 },
  { key: 'sex', label: 'Sex', kind: 'sex' },
  { key: 'address', label: 'Address', kind: 'text', multiline: true },
  { key: 'postcode', label: 'Postcode', kind: 'text', width: 10 },
  { key: 'gpPracticeName', label: 'GP practice', kind: 'text' },
  { key: 'gpPracticeCode', label: 'GP practice code', kind: 'text', width: 10 },
];

export type ListKey = 'allergies' | 'medications' | 'problems';

export const ITEM_SPECS: Record<ListKey, FieldSpec[]> = {
  allergies: [
    { key: 'description', label: 'Allergy or adverse reaction', kind: 'text', required: true },
    { key: 'reaction', label: 'Reaction', kind: 'text' },
    { key: 'date', label: 'Date recorded', kind: 'date', past: true, width: 10 },
  ],
  medications: [
    { key: 'category', label: 'Type', kind: 'category' },
    { key: 'name', label: 'Medication', kind: 'text', required: true },
    { key: 'dosage', label: 'Dosage instructions', kind: 'text', multiline: true },
    { key: 'quantity', label: 'Quantity', kind: 'text', width: 10 },
    { key: 'date', label: 'Prescribed or last issued', kind: 'date', width: 10 },
    { key: 'endDate', label: 'Date discontinued', kind: 'date', width: 10 },
  ],
  problems: [
    { key: 'term', label: 'Problem or diagnosis', kind: 'text', required: true },
    { key: 'date', label: 'Date', kind: 'date', past: true, width: 10 },
  ],
};

export const LIST_LABEL: Record<ListKey, { title: string; one: string }> = {
  allergies: { title: 'Allergies and adverse reactions', one: 'allergy' },
  medications: { title: 'Medications', one: 'medication' },
  problems: { title: 'Problems and diagnoses', one: 'problem' },
};

export type Checked = { ok: true; value: string | null } | { ok: false; error: string };

/** Checks what staff typed and turns it into the stored form, or says what is wrong. */
export function checkValue(spec: FieldSpec, raw: string): Checked {
  const text = raw.trim();
  // 'NHS number' keeps its capitals.
  if (!text) return spec.required ? { ok: false, error: `Enter the ${spec.kind === 'nhs' ? spec.label : spec.label.toLowerCase()}` } : { ok: true, value: null };
  switch (spec.kind) {
    case 'nhs': {
      const digits = text.replace(/[\s-]/g, '');
      if (!/^\d{10}$/.test(digits)) return { ok: false, error: 'NHS number must be 10 digits' };
      if (!isValidNhsNumber(digits)) return { ok: false, error: 'This is not a valid NHS number: the last digit does not match. Check it against the document' };
      return { ok: true, value: digits };
    }
    case 'date': {
      const iso = parseUserDate(text);
      if (!iso) return { ok: false, error: `${spec.label} must be a real date, like 18/10/1985 or 1985-10-18` };
      if (spec.past && iso > todayIso()) return { ok: false, error: `${spec.label} must be today or in the past` };
      return { ok: true, value: iso };
    }
    default:
      return { ok: true, value: text };
  }
}

export function emptyItem(list: ListKey): ScrRecord[ListKey][number] {
  switch (list) {
    case 'allergies':
      return { description: '', reaction: null, date: null };
    case 'medications':
      return { category: 'repeat', name: '', dosage: null, quantity: null, date: null, endDate: null } satisfies Medication;
    case 'problems':
      return { term: '', date: null };
  }
}

/**
 * Every value in the record that would be refused if typed (missing required values, NHS
 * number check digit, dates), as (path, message), for the approve check.
 */
export function recordProblems(record: ScrRecord): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const spec of PATIENT_SPECS) {
    const value = (record.patient as Record<string, unknown>)[spec.key];
    const checked = checkValue(spec, typeof value === 'string' ? value : '');
    if (!checked.ok) out.push({ path: `patient.${spec.key}`, message: checked.error });
  }
  for (const list of Object.keys(ITEM_SPECS) as ListKey[]) {
    record[list].forEach((item, i) => {
      for (const spec of ITEM_SPECS[list]) {
        if (spec.kind === 'category') continue;
        const value = (item as Record<string, unknown>)[spec.key];
        const checked = checkValue(spec, typeof value === 'string' ? value : '');
        if (!checked.ok) {
          const message = spec.required && (typeof value !== 'string' || !value.trim()) ? `enter the ${spec.label.toLowerCase()}` : checked.error;
          out.push({ path: `${list}.${i}.${spec.key}`, message: `${itemName(list, i)}: ${message}` });
        }
      }
    });
  }
  return out;
}

function itemName(list: ListKey, index: number): string {
  const one = LIST_LABEL[list].one;
  return `${one[0]!.toUpperCase()}${one.slice(1)} ${index + 1}`;
}

/**
 * A path as staff know it: 'patient.nhsNumber' is "NHS number", 'medications.3' is
 * "Medication 4", 'medications.3.dosage' is "Medication 4: dosage instructions",
 * 'medications' is "Medications", 'patient' is "Patient details".
 */
export function pathLabel(path: string): string {
  const [head, second, third] = path.split('.');
  if (head === 'patient') {
    if (!second) return 'Patient details';
    return PATIENT_SPECS.find((s) => s.key === second)?.label ?? second;
  }
  if (head && head in ITEM_SPECS) {
    const list = head as ListKey;
    if (second === undefined) return LIST_LABEL[list].title;
    const name = itemName(list, Number(second));
    if (!third) return name;
    const spec = ITEM_SPECS[list].find((s) => s.key === third);
    return `${name}: ${(spec?.label ?? third).toLowerCase()}`;
  }
  return path;
}

/** DOM ids are the field path with dots as dashes: 'field-medications-3-name'. */
export function fieldId(path: string): string {
  return `field-${path.replace(/\./g, '-')}`;
}
