import { z } from 'zod';
import { strictObject } from '../../provider/json-schema';
import { LIST_SPECS, PATIENT_SPEC, type Answer, type AnswerField, type FieldSpec, type ListName } from './answer-schema';
import { documentMessage, RECHECK_INSTRUCTIONS, recheckMessage } from './prompts';
import { askStructured, type StructuredRequest } from '../../provider/structured-request';
import type { FlaggedValue } from './verify-answer';

/**
 * The optional second model call: only the values verification flagged are asked about
 * again, with the same text. The answers replace the flagged values in the model's first
 * answer, which is then verified again from scratch, so a re-checked value is held to
 * exactly the same standard. A value the model now says is not printed keeps its original
 * claim, so its warning stays.
 */
const RecheckSchema = z.object({
  items: z.array(z.object({ id: z.string(), value: z.string().nullable(), evidence: z.string().nullable() })),
});

const RECHECK_JSON_SCHEMA = strictObject({
  items: {
    type: 'array',
    items: strictObject({
      id: { type: 'string', description: 'the id of the item being answered' },
      value: { type: ['string', 'null'], description: 'the value as the document states it; null if it does not' },
      evidence: { type: ['string', 'null'], description: 'the exact text the value is printed as; null if not printed' },
    }),
  },
});

type Common = Pick<StructuredRequest<unknown>, 'provider' | 'capability' | 'signal' | 'usage' | 'log'>;

export async function recheckFlagged(common: Common, sentText: string, scope: 'document' | 'sections', answer: Answer, flagged: FlaggedValue[]): Promise<Answer> {
  const questions = flagged.map((f) => ({ id: f.answerPath, field: f.field, claimed: f.claimed, evidence: f.evidence }));
  const reply = await askStructured({
    ...common,
    instructions: RECHECK_INSTRUCTIONS,
    userMessage: `${documentMessage(sentText, scope)}\n\n${recheckMessage(questions)}`,
    schemaName: 'scr_recheck',
    jsonSchema: RECHECK_JSON_SCHEMA,
    schema: RecheckSchema,
    purpose: 'recheck',
  });
  const asked = new Set(flagged.map((f) => f.answerPath));
  const patched = structuredClone(answer);
  for (const item of reply.items) {
    if (!asked.has(item.id) || item.value === null) continue;
    const slot = fieldAt(patched, item.id);
    if (slot && acceptable(slot.spec, item.value)) slot.set({ value: item.value, evidence: item.evidence });
  }
  return patched;
}

/** The answer field at 'patient.x' or 'list.i.x', with its spec. */
function fieldAt(answer: Answer, path: string): { spec: FieldSpec; set: (f: AnswerField) => void } | null {
  const parts = path.split('.');
  if (parts[0] === 'patient' && parts.length === 2) {
    const field = parts[1] as keyof typeof PATIENT_SPEC;
    const spec = PATIENT_SPEC[field] as FieldSpec | undefined;
    return spec ? { spec, set: (f) => (answer.patient[field] = f) } : null;
  }
  if (parts.length === 3 && parts[0]! in LIST_SPECS) {
    const list = parts[0] as ListName;
    const item = answer[list][Number(parts[1])];
    const spec = (LIST_SPECS[list] as Record<string, FieldSpec>)[parts[2]!];
    return item && spec ? { spec, set: (f) => (item[parts[2]!] = f) } : null;
  }
  return null;
}

/** The recheck schema is looser than the answer's: hold each value to its field's form. */
function acceptable(spec: FieldSpec, value: string): boolean {
  if (spec.kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (spec.kind === 'category') return ['acute', 'repeat', 'discontinued'].includes(value);
  if (spec.kind === 'sex') return ['male', 'female', 'other', 'unknown'].includes(value);
  return value.trim() !== '';
}
