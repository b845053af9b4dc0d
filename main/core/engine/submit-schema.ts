import { z } from 'zod';
import { ExtractorModeSchema } from '../contract/settings';
import type { SubmitDocument } from './types';

/**
 * What submit() accepts, checked at the door: the CLI and the bridge both call it, and a
 * malformed document must fail there rather than deep inside a worker.
 */
const SourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bytes'), bytes: z.instanceof(Uint8Array) }),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('lazy'), load: z.custom<(signal: AbortSignal) => Promise<Uint8Array>>((v) => typeof v === 'function') }),
]);

export const SubmitDocumentInputSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .optional(),
  // The CLI names a job by its path, which may be long; the bridge's own schema is stricter.
  name: z.string().min(1).max(4096),
  source: SourceSchema,
  size: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  priority: z.boolean().optional(),
  processAgain: z.boolean().optional(),
  mode: ExtractorModeSchema.optional(),
});

/** Throws a ZodError naming the offending fields (never their values) for a bad document. */
export function parseSubmitDocument(doc: SubmitDocument): SubmitDocument {
  const parsed = SubmitDocumentInputSchema.safeParse(doc);
  if (parsed.success) return doc;
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(document)'))].join(', ');
  throw new TypeError(`submit: invalid document (${fields})`);
}
