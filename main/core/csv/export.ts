import Papa from 'papaparse';
import type { ScrRecord } from '../contract/record';
import { isoToUk } from '../normalise/dates';
import { formatNhsNumber } from '../normalise/nhs-number';
import type { CsvTemplate } from './template';

/**
 * CSV for practice systems, through papaparse. Pure (no Node or DOM APIs) so the renderer
 * and the CLI share it.
 */
export interface CsvInput {
  record: ScrRecord;
  /** The source PDF's name, for the 'sourceDocument' column. */
  sourceName?: string;
  warningCount?: number;
}

// Invisible: \s (all Unicode spaces, line breaks, BOM), soft hyphen, joiners and fillers,
// zero-width and direction marks. Triggers: = + - @ and their full-width and small forms.
const FORMULA_START =
  /^(?:[\t\r]|[\s\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/;

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as
 * a formula, and several skip what a reader cannot see before deciding: spaces of any kind
 * (NBSP, ideographic), line breaks, zero-width and direction marks, a byte-order mark. Some
 * also take the full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) for the ASCII ones.
 * Prefixing an apostrophe keeps such a cell text (OWASP's advice).
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function fmtDate(iso: string | null | undefined, t: CsvTemplate): string {
  if (!iso) return '';
  return t.dateFormat === 'uk' ? isoToUk(iso) : iso;
}

function list(values: string[]): string {
  return values.filter(Boolean).join('; ');
}

function patientValue(field: string, input: CsvInput, t: CsvTemplate): string {
  const { record } = input;
  const p = record.patient;
  const meds = (cat: string) =>
    list(record.medications.filter((m) => m.category === cat).map((m) => [m.name, m.dosage].filter(Boolean).join(' — ')));
  switch (field) {
    case 'nhsNumber':
      return p.nhsNumber ? formatNhsNumber(p.nhsNumber, t.nhsFormat === 'spaced') : '';
    case 'dateOfBirth':
      return fmtDate(p.dateOfBirth, t);
    case 'allergies':
      return list(record.allergies.map((a) => (a.reaction ? `${a.description} (${a.reaction})` : a.description)));
    case 'acuteMedications':
      return meds('acute');
    case 'repeatMedications':
      return meds('repeat');
    case 'discontinuedMedications':
      return meds('discontinued');
    case 'problems':
      return list(record.problems.map((x) => x.term));
    case 'warningCount':
      return String(input.warningCount ?? 0);
    case 'sourceDocument':
      return input.sourceName ?? '';
    default: {
      const v = (p as Record<string, unknown>)[field];
      return v === null || v === undefined ? '' : String(v);
    }
  }
}

interface ItemRow {
  itemType: 'allergy' | 'medication' | 'problem';
  category: string;
  description: string;
  dosage: string | null;
  quantity: string | null;
  reaction: string | null;
  date: string | null;
  endDate: string | null;
}

function itemsOf(record: ScrRecord): ItemRow[] {
  return [
    ...record.allergies.map<ItemRow>((a) => ({
      itemType: 'allergy',
      category: '',
      description: a.description,
      dosage: null,
      quantity: null,
      reaction: a.reaction,
      date: a.date,
      endDate: null,
    })),
    ...record.medications.map<ItemRow>((m) => ({
      itemType: 'medication',
      category: m.category,
      description: m.name,
      dosage: m.dosage,
      quantity: m.quantity,
      reaction: null,
      date: m.date,
      endDate: m.endDate,
    })),
    ...record.problems.map<ItemRow>((x) => ({
      itemType: 'problem',
      category: '',
      description: x.term,
      dosage: null,
      quantity: null,
      reaction: null,
      date: x.date,
      endDate: null,
    })),
  ];
}

function itemValue(field: string, item: ItemRow, input: CsvInput, t: CsvTemplate): string {
  switch (field) {
    case 'itemType':
    case 'category':
    case 'description':
      return item[field];
    case 'dosage':
    case 'quantity':
    case 'reaction':
      return item[field] ?? '';
    case 'date':
    case 'endDate':
      return fmtDate(item[field], t);
    default:
      return patientValue(field, input, t);
  }
}

/** The rows (header first) a template produces, before CSV encoding. */
export function templateRows(inputs: CsvInput[], t: CsvTemplate): string[][] {
  return [t.columns.map((c) => c.header), ...dataRows(inputs, t)];
}

function dataRows(inputs: CsvInput[], t: CsvTemplate): string[][] {
  const rows: string[][] = [];
  for (const input of inputs) {
    if (t.shape === 'patient') {
      rows.push(t.columns.map((c) => patientValue(c.field, input, t)));
    } else {
      for (const item of itemsOf(input.record)) rows.push(t.columns.map((c) => itemValue(c.field, item, input, t)));
    }
  }
  return rows;
}

const UNPARSE = { newline: '\r\n', quotes: false, header: false } as const;

function encode(rows: string[][]): string {
  return Papa.unparse(
    rows.map((r) => r.map(neutraliseCell)),
    UNPARSE,
  );
}

/** CSV text; with the template's BOM so that Excel opens UTF-8 correctly. CRLF line ends. */
export function toCsv(inputs: CsvInput[], t: CsvTemplate): string {
  return (t.bom ? '\uFEFF' : '') + encode(templateRows(inputs, t)) + '\r\n';
}

/**
 * The lines these inputs add to a file after its start (toCsv([], t)): toCsv(inputs, t)
 * without that start, made without the header. Each cell is encoded on its own, so a file
 * is its start followed by the lines of its records, however they were grouped.
 */
export function toCsvLines(inputs: CsvInput[], t: CsvTemplate): string {
  const rows = dataRows(inputs, t);
  return rows.length === 0 ? '' : encode(rows) + '\r\n';
}
