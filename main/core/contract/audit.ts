import { z } from 'zod';

/**
 * The audit trail: who did what, and when, without a single clinical value. Main keeps it
 * (an append-only, hash-chained file in its data folder) and stamps every event with the
 * time and the OS user name itself, so neither can be set by the page. The renderer may
 * report only the events listed in RendererAuditEventSchema, whose fields are ids, field
 * names, counts and file or template names: there is nowhere to put a value.
 */
export const AUDIT_ACTIONS = [
  'submitted',
  'completed',
  'failed',
  'viewed',
  'edited',
  'approved',
  'reopened',
  'removed',
  'exported',
  'export-marked-late',
  'purged',
  'deleted-everything',
  'settings-changed',
  'key-set',
  'key-cleared',
  'data-key-created',
  'data-key-unlocked',
  'data-key-refused',
  'locked',
  'unlocked',
  'unlock-refused',
  'passcode-set',
  'passcode-removed',
  'audit-exported',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What one event says beyond its action: names, counts and codes, never values. */
export type AuditDetail = Record<string, string | number | boolean | string[]>;

export interface AuditEvent {
  /** 1, 2, 3… in the order written. */
  seq: number;
  /** ISO 8601 with the offset, as main's clock read it. */
  at: string;
  /** The OS user main runs as. */
  who: string;
  action: AuditAction;
  documentId: string | null;
  detail: AuditDetail;
}

const documentId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/);
/** A field's path, e.g. patient.nhsNumber or medications.2.dosage (or 'patient', its identity, when checked): names and positions only. */
const fieldPath = z
  .string()
  .max(80)
  .regex(/^(?:patient(?:\.[A-Za-z]+)?|(?:allergies|medications|problems)(?:\.\d{1,4}(?:\.[A-Za-z]+)?)?)$/);
/** A file or template name staff chose: one line, no control characters. */
const name = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}]+$/u);
const count = z.number().int().min(0).max(10_000_000);

export const RendererAuditEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('viewed'), documentId }).strict(),
  z.object({ action: z.literal('edited'), documentId, field: fieldPath, change: z.enum(['set', 'add-item', 'remove-item', 'checked', 'restore-item']) }).strict(),
  z.object({ action: z.literal('approved'), documentId }).strict(),
  z.object({ action: z.literal('reopened'), documentId }).strict(),
  z.object({ action: z.literal('removed'), documentId }).strict(),
  z
    .object({ action: z.literal('exported'), count, template: name, fileName: name, scope: z.enum(['approved', 'all']), newOnly: z.boolean().optional() })
    .strict(),
  z
    .object({
      action: z.literal('purged'),
      what: z.enum(['pdf', 'record']),
      reason: z.enum(['retention']),
      documentIds: z.array(documentId).min(1).max(10_000),
    })
    .strict(),
  z.object({ action: z.literal('audit-exported'), count, fileName: name }).strict(),
]);

export type RendererAuditEvent = z.infer<typeof RendererAuditEventSchema>;
