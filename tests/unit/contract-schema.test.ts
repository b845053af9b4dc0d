import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSchema, recordJsonSchema, recordValidator } from '../helpers/contract-schema';
import { isRecordTruth, loadSamples } from '../helpers/samples';
import { SHARED_CONTRACT_SCHEMA, SHARED_SKIP_NOTE } from '../helpers/shared';

/**
 * The record contract as JSON Schema, derived from main/core/contract/record.ts (zod): it
 * accepts every truth of the project's own sample set and refuses broken records; where
 * ../shared is present, it agrees with ../shared/contract/scr-record.schema.json, field by
 * field and on every example.
 */
const valid = loadSamples()
  .map((s) => s.truth)
  .filter(isRecordTruth);

type Rec = (typeof valid)[number];
const base = (): Rec => JSON.parse(JSON.stringify(valid.find((t) => t.medications.length && t.allergies.length && t.problems.length) ?? valid[0]!)) as Rec;

/** Records the contract must refuse, each broken in one way. */
const BROKEN: [string, (r: Rec) => unknown][] = [
  ['no patient', (r) => ({ ...r, patient: undefined })],
  ['no medications list', (r) => ({ ...r, medications: undefined })],
  ['medications not a list', (r) => ({ ...r, medications: {} })],
  ['a patient field missing', (r) => ({ ...r, patient: { ...r.patient, postcode: undefined } })],
  ['NHS number with spaces', (r) => ({ ...r, patient: { ...r.patient, nhsNumber: '999 123 4567' } })],
  ['NHS number of 9 digits', (r) => ({ ...r, patient: { ...r.patient, nhsNumber: '999123456' } })],
  ['UK date of birth', (r) => ({ ...r, patient: { ...r.patient, dateOfBirth: '14/03/1950' } })],
  ['impossible date of birth', (r) => ({ ...r, patient: { ...r.patient, dateOfBirth: '1950-02-30' } })],
  ['sex not in the list', (r) => ({ ...r, patient: { ...r.patient, sex: 'F' } })],
  ['medication category not in the list', (r) => ({ ...r, medications: [{ ...r.medications[0]!, category: 'current' }] })],
  ['medication without a name', (r) => ({ ...r, medications: [{ ...r.medications[0]!, name: null }] })],
  ['medication date as a number', (r) => ({ ...r, medications: [{ ...r.medications[0]!, date: 20240101 }] })],
  ['medication without endDate', (r) => ({ ...r, medications: [{ ...r.medications[0]!, endDate: undefined }] })],
  ['allergy without a reaction field', (r) => ({ ...r, allergies: [{ description: 'x', date: null }] })],
  ['problem with a null term', (r) => ({ ...r, problems: [{ term: null, date: null }] })],
];
const broken = () => BROKEN.map(([name, f]) => ({ name, record: JSON.parse(JSON.stringify(f(base()))) as unknown }));

describe('the contract as JSON Schema, derived from zod', () => {
  const validate = recordValidator();

  it('accepts every record of the own sample set, with extra keys (kind, layout) and with or without a title', () => {
    expect(valid.length).toBeGreaterThanOrEqual(20);
    for (const t of valid) expect({ layout: t.layout, ok: validate(t), errors: validate.errors() }).toEqual({ layout: t.layout, ok: true, errors: null });
    const r = base();
    expect(validate({ ...r, patient: { ...r.patient, title: 'Mrs' } })).toBe(true);
  });

  it.each(BROKEN.map(([name]) => name))('refuses a record with %s', (name) => {
    expect(validate(broken().find((b) => b.name === name)!.record)).toBe(false);
  });
});

describe.skipIf(!SHARED_CONTRACT_SCHEMA)('agreement with ../shared/contract/scr-record.schema.json', () => {
  const shared = SHARED_CONTRACT_SCHEMA ? (JSON.parse(readFileSync(SHARED_CONTRACT_SCHEMA, 'utf8')) as Record<string, unknown>) : {};
  const derived = recordJsonSchema();

  type Node = { type?: string | string[]; properties?: Record<string, unknown>; required?: string[]; items?: unknown; enum?: unknown[]; anyOf?: Node[] };

  /** The JSON types a node allows (an enum's values give theirs), and its non-null enum values. */
  function allowed(n: Node): { types: string[]; values: string[] } {
    const types = new Set<string>();
    const values = new Set<string>();
    for (const x of [n, ...(n.anyOf ?? [])]) {
      for (const t of [x.type ?? []].flat()) types.add(t);
      for (const v of x.enum ?? []) v === null ? types.add('null') : (types.add(typeof v), values.add(String(v)));
    }
    return { types: [...types].sort(), values: [...values].sort() };
  }

  /** Property names, required lists, allowed types and enum values of each object, by path. */
  function shape(schema: unknown, path = '$', out: Record<string, unknown> = {}): Record<string, unknown> {
    const s = schema as Node;
    if (s.properties) {
      out[`${path} properties`] = Object.keys(s.properties).sort();
      out[`${path} required`] = [...(s.required ?? [])].sort();
      for (const [k, v] of Object.entries(s.properties)) shape(v, `${path}.${k}`, out);
    }
    if (s.items) shape(s.items, `${path}[]`, out);
    if (path !== '$') out[`${path} allows`] = allowed(s);
    return out;
  }

  it('has the same fields, required fields and allowed values at every level', () => {
    expect(shape(derived)).toEqual(shape(shared));
  });

  it('accepts and refuses exactly the same records', () => {
    const a = compileSchema(derived);
    const b = compileSchema(shared);
    for (const t of valid) expect({ layout: t.layout, derived: a(t), shared: b(t) }).toEqual({ layout: t.layout, derived: true, shared: true });
    for (const { name, record } of broken()) expect({ name, derived: a(record), shared: b(record) }).toEqual({ name, derived: false, shared: false });
  });
});

if (!SHARED_CONTRACT_SCHEMA) console.log(`contract agreement with ../shared: ${SHARED_SKIP_NOTE}`);
