import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { ScrRecordSchema } from '../../main/core/contract/record';

/**
 * The record contract as JSON Schema, derived from the product's zod definition
 * (main/core/contract/record.ts), so that tests validate records and truth files without
 * ../shared. `io: 'input'` keeps objects open to extra keys (truth files carry kind and
 * layout; the contract allows extensions); ISO date patterns also get `format: date`, so
 * that an impossible day is refused as ../shared's schema refuses it
 * (tests/unit/contract-schema.test.ts checks the two agree where ../shared is present).
 */
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

function withDateFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withDateFormats);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = withDateFormats(v);
  if (out.pattern === ISO_DATE) out.format = 'date';
  return out;
}

export function recordJsonSchema(): Record<string, unknown> {
  return withDateFormats(z.toJSONSchema(ScrRecordSchema, { io: 'input' })) as Record<string, unknown>;
}

export interface SchemaValidator {
  (x: unknown): boolean;
  errors: () => unknown;
}

/** An Ajv (draft 2020-12, with formats) validator for a JSON Schema. */
export function compileSchema(schema: object): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const v = ajv.compile(schema);
  const fn = ((x: unknown) => v(x) as boolean) as SchemaValidator;
  fn.errors = () => v.errors ?? null;
  return fn;
}

/** Validates against the contract derived from zod. */
export function recordValidator(): SchemaValidator {
  return compileSchema(recordJsonSchema());
}
