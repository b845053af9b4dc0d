import { z } from 'zod';

/**
 * Export templates: which columns, in which order, under which header names, with which
 * date and NHS number format. The two built-in shapes are templates too, so the renderer,
 * the CLI and saved custom templates all go through one exporter.
 */
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
  'allergies',
  'acuteMedications',
  'repeatMedications',
  'discontinuedMedications',
  'problems',
  'warningCount',
  'sourceDocument',
] as const;

export const ITEM_FIELDS = [
  'nhsNumber',
  'givenName',
  'familyName',
  'dateOfBirth',
  'itemType',
  'category',
  'description',
  'dosage',
  'quantity',
  'reaction',
  'date',
  'endDate',
  'sourceDocument',
] as const;

export type PatientField = (typeof PATIENT_FIELDS)[number];
export type ItemField = (typeof ITEM_FIELDS)[number];

export const DEFAULT_HEADERS: Record<PatientField | ItemField, string> = {
  nhsNumber: 'NHS number',
  title: 'Title',
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  address: 'Address',
  postcode: 'Postcode',
  gpPracticeName: 'GP practice',
  gpPracticeCode: 'Practice code',
  allergies: 'Allergies',
  acuteMedications: 'Acute medications',
  repeatMedications: 'Repeat medications',
  discontinuedMedications: 'Discontinued medications',
  problems: 'Problems',
  warningCount: 'Warnings',
  sourceDocument: 'Source document',
  itemType: 'Item type',
  category: 'Category',
  description: 'Description',
  dosage: 'Dosage',
  quantity: 'Quantity',
  reaction: 'Reaction',
  date: 'Date',
  endDate: 'End date',
};

const ColumnSchema = z.object({
  field: z.string().min(1).max(64),
  header: z.string().min(1).max(200),
});

export const CsvTemplateSchema = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    shape: z.enum(['patient', 'items']),
    columns: z.array(ColumnSchema).min(1).max(100),
    dateFormat: z.enum(['uk', 'iso']).default('uk'),
    nhsFormat: z.enum(['plain', 'spaced']).default('plain'),
    bom: z.boolean().default(true),
  })
  .superRefine((t, ctx) => {
    const allowed: readonly string[] = t.shape === 'patient' ? PATIENT_FIELDS : ITEM_FIELDS;
    t.columns.forEach((c, i) => {
      if (!allowed.includes(c.field)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'field'], message: `unknown ${t.shape} field '${c.field}'` });
      }
    });
  });

export type CsvTemplate = z.infer<typeof CsvTemplateSchema>;

export const PATIENT_TEMPLATE: CsvTemplate = {
  id: 'builtin-patient',
  name: 'One row per patient',
  shape: 'patient',
  columns: PATIENT_FIELDS.filter((f) => f !== 'title' && f !== 'warningCount').map((field) => ({
    field,
    header: DEFAULT_HEADERS[field],
  })),
  dateFormat: 'uk',
  nhsFormat: 'plain',
  bom: true,
};

export const ITEMS_TEMPLATE: CsvTemplate = {
  id: 'builtin-items',
  name: 'One row per item',
  shape: 'items',
  columns: ITEM_FIELDS.map((field) => ({ field, header: DEFAULT_HEADERS[field] })),
  dateFormat: 'uk',
  nhsFormat: 'plain',
  bom: true,
};

export const BUILTIN_TEMPLATES: readonly CsvTemplate[] = [PATIENT_TEMPLATE, ITEMS_TEMPLATE];

/** Parses templates from exported JSON (one template or a list); throws a zod error if invalid. */
export function parseTemplates(json: string): CsvTemplate[] {
  const data: unknown = JSON.parse(json);
  return z.array(CsvTemplateSchema).parse(Array.isArray(data) ? data : [data]);
}
