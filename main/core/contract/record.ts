import { z } from 'zod';

/**
 * The record contract (../shared/contract/scr-record.schema.json) as zod, so that every
 * boundary (CLI output, AI answers, the bridge) validates against one definition.
 * tests/unit/contract-schema.test.ts proves this agrees with the JSON Schema.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const SexSchema = z.enum(['male', 'female', 'other', 'unknown']);
export type Sex = z.infer<typeof SexSchema>;

export const PatientSchema = z.object({
  nhsNumber: z.string().regex(/^[0-9]{10}$/).nullable(),
  title: z.string().nullable().optional(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  dateOfBirth: isoDate.nullable(),
  sex: SexSchema.nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  gpPracticeName: z.string().nullable(),
  gpPracticeCode: z.string().nullable(),
});
export type Patient = z.infer<typeof PatientSchema>;

export const AllergySchema = z.object({
  description: z.string(),
  reaction: z.string().nullable(),
  date: isoDate.nullable(),
});
export type Allergy = z.infer<typeof AllergySchema>;

export const MedicationCategorySchema = z.enum(['acute', 'repeat', 'discontinued']);
export type MedicationCategory = z.infer<typeof MedicationCategorySchema>;

export const MedicationSchema = z.object({
  category: MedicationCategorySchema,
  name: z.string(),
  dosage: z.string().nullable(),
  quantity: z.string().nullable(),
  date: isoDate.nullable(),
  endDate: isoDate.nullable(),
});
export type Medication = z.infer<typeof MedicationSchema>;

export const ProblemSchema = z.object({
  term: z.string(),
  date: isoDate.nullable(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const ScrRecordSchema = z.object({
  patient: PatientSchema,
  allergies: z.array(AllergySchema),
  medications: z.array(MedicationSchema),
  problems: z.array(ProblemSchema),
});
export type ScrRecord = z.infer<typeof ScrRecordSchema>;

export const PATIENT_FIELDS = [
  'nhsNumber',
  'title',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'address',
  'postcode',
  'gpPracticeName',
  'gpPracticeCode',
] as const satisfies readonly (keyof Patient)[];

export function emptyPatient(): Patient {
  return {
    nhsNumber: null,
    title: null,
    givenName: null,
    familyName: null,
    dateOfBirth: null,
    sex: null,
    address: null,
    postcode: null,
    gpPracticeName: null,
    gpPracticeCode: null,
  };
}

export function emptyRecord(): ScrRecord {
  return { patient: emptyPatient(), allergies: [], medications: [], problems: [] };
}
