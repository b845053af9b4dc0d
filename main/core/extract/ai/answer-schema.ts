import { z } from 'zod';
import { MedicationCategorySchema, SexSchema } from '../../contract/record';
import { strictObject, type JsonSchema } from '../../provider/json-schema';

/**
 * What the model must answer: the record contract with every value wrapped as
 * { value, evidence }, where evidence is the text the value was read from, copied exactly.
 * The strict JSON Schema sent to the provider and the zod schema that checks the answer
 * are both built from the one field list below, so they cannot drift apart.
 */
export type FieldKind = 'text' | 'key' | 'date' | 'nhs' | 'sex' | 'postcode' | 'category' | 'quantity';

export interface FieldSpec {
  kind: FieldKind;
  description: string;
}

const DATE = 'ISO date YYYY-MM-DD; null if not printed';

export const PATIENT_SPEC = {
  nhsNumber: { kind: 'nhs', description: "the patient's NHS number, 10 digits without spaces" },
  title: { kind: 'text', description: "the patient's title as printed, e.g. 'Mrs'" },
  givenName: { kind: 'text', description: "all the patient's given names as printed, e.g. 'Mary Jane'" },
  familyName: { kind: 'text', description: "the patient's family name as printed" },
  dateOfBirth: { kind: 'date', description: `date of birth, ${DATE}` },
  sex: { kind: 'sex', description: 'sex or gender as stated' },
  address: { kind: 'text', description: "the patient's address lines joined with ', ', without the postcode" },
  postcode: { kind: 'postcode', description: "the patient's postcode, upper case with one space, e.g. 'LS6 2QR'" },
  gpPracticeName: { kind: 'text', description: "the patient's registered GP practice name" },
  gpPracticeCode: { kind: 'text', description: "the practice's ODS code, e.g. 'B86001'" },
} as const satisfies Record<string, FieldSpec>;

export const ALLERGY_SPEC = {
  description: { kind: 'key', description: "the allergy or adverse reaction entry as printed, e.g. 'Allergy to penicillin'" },
  reaction: { kind: 'text', description: "the reaction, where the document gives one, e.g. 'Rash'" },
  date: { kind: 'date', description: `date recorded, ${DATE}` },
} as const satisfies Record<string, FieldSpec>;

export const MEDICATION_SPEC = {
  category: {
    kind: 'category',
    description: 'acute, repeat or discontinued, from the heading or wording it appears under; evidence: that heading or wording',
  },
  name: { kind: 'key', description: "the medication item as printed, e.g. 'Amlodipine 5mg tablets'" },
  dosage: { kind: 'text', description: 'dosage instructions as printed' },
  quantity: { kind: 'quantity', description: "quantity as printed, e.g. '28 tablet'; null if not printed" },
  date: {
    kind: 'date',
    description: `the issue date shown for the item: prescribed (acute) or last issued / authorised (repeat, discontinued); ${DATE}`,
  },
  endDate: { kind: 'date', description: `the date discontinued, for discontinued items; ${DATE}` },
} as const satisfies Record<string, FieldSpec>;

export const PROBLEM_SPEC = {
  term: { kind: 'key', description: 'the diagnosis or problem as printed' },
  date: { kind: 'date', description: `date of onset or recording, ${DATE}` },
} as const satisfies Record<string, FieldSpec>;

export const LIST_SPECS = {
  allergies: ALLERGY_SPEC,
  medications: MEDICATION_SPEC,
  problems: PROBLEM_SPEC,
} as const;

export type ListName = keyof typeof LIST_SPECS;
export const LIST_NAMES = Object.keys(LIST_SPECS) as ListName[];

/** The field that identifies an item of each list; an item whose key is not printed is dropped whole. */
export const LIST_KEYS = { allergies: 'description', medications: 'name', problems: 'term' } as const;

// ---- zod: checks what came back ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const evidence = z.string().nullable();

function valueSchema(kind: FieldKind): z.ZodType {
  switch (kind) {
    case 'key':
      return z.string().min(1);
    case 'date':
      return isoDate.nullable();
    case 'sex':
      return SexSchema.nullable();
    case 'category':
      return MedicationCategorySchema;
    default:
      return z.string().nullable();
  }
}

function fieldSchema(spec: FieldSpec) {
  return z.object({ value: valueSchema(spec.kind), evidence });
}

function objectSchema<T extends Record<string, FieldSpec>>(specs: T) {
  const shape = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, fieldSchema(s)]));
  return z.object(shape as { [K in keyof T]: ReturnType<typeof fieldSchema> });
}

export const AnswerSchema = z.object({
  patient: objectSchema(PATIENT_SPEC),
  allergies: z.array(objectSchema(ALLERGY_SPEC)),
  medications: z.array(objectSchema(MEDICATION_SPEC)),
  problems: z.array(objectSchema(PROBLEM_SPEC)),
});

/** One value as the model gave it. */
export interface AnswerField {
  value: string | null;
  evidence: string | null;
}
export type AnswerItem = Record<string, AnswerField>;
export interface Answer {
  patient: Record<keyof typeof PATIENT_SPEC, AnswerField>;
  allergies: AnswerItem[];
  medications: AnswerItem[];
  problems: AnswerItem[];
}

// ---- JSON Schema: what the provider is told (strict structured outputs) ----

// What evidence is, is said once in the instructions: repeating it on every field would
// add about 800 tokens to every request.
const EVIDENCE_JSON: JsonSchema = { type: ['string', 'null'] };

function valueJson(spec: FieldSpec): JsonSchema {
  switch (spec.kind) {
    case 'key':
      return { type: 'string', description: spec.description };
    case 'sex':
      return { type: ['string', 'null'], enum: [...SexSchema.options, null], description: spec.description };
    case 'category':
      return { type: 'string', enum: [...MedicationCategorySchema.options], description: spec.description };
    default:
      return { type: ['string', 'null'], description: spec.description };
  }
}

function objectJson(specs: Record<string, FieldSpec>): JsonSchema {
  return strictObject(
    Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, strictObject({ value: valueJson(s), evidence: EVIDENCE_JSON })])),
  );
}

export const ANSWER_JSON_SCHEMA: JsonSchema = strictObject({
  patient: objectJson(PATIENT_SPEC),
  allergies: { type: 'array', items: objectJson(ALLERGY_SPEC) },
  medications: { type: 'array', items: objectJson(MEDICATION_SPEC) },
  problems: { type: 'array', description: 'entries of the diagnoses and problems sections', items: objectJson(PROBLEM_SPEC) },
});

export const ANSWER_SCHEMA_NAME = 'scr_record_with_evidence';
