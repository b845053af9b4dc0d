import type { ReviewFlag, ScrRecord } from '../../core';
import type { FullRecord } from '../../db/rows';
import { IDENTITY_KEYS, NO_PATIENT, openFlags } from '../../lib/flags';
import { checkValue, PATIENT_SPECS, pathLabel, recordProblems } from './fields';

/**
 * Whether a record may be approved, and if not why, in words staff act on. Pure: the record
 * view shows these, the data layer refuses an approval while there are any (records.ts),
 * and bulk approval skips the records that have them.
 */
export interface Blocker {
  /** The field, item or section to go to ('patient' for the patient's identity). */
  path: string;
  message: string;
}

export const IDENTITY_MESSAGE = 'Enter the patient’s NHS number, name and date of birth, then confirm them under “Things to check”';

/** What is wrong with the patient's identifying details (NHS number check digit, names, date of birth), if anything. */
export function identityProblems(record: ScrRecord): Blocker[] {
  const out: Blocker[] = [];
  for (const key of IDENTITY_KEYS) {
    const spec = PATIENT_SPECS.find((s) => s.key === key)!;
    const value = record.patient[key];
    const checked = checkValue(spec, typeof value === 'string' ? value : '');
    if (!checked.ok) out.push({ path: `patient.${key}`, message: checked.error });
  }
  return out;
}

/** Everything in the way of approving, with where to go: the identity first, then invalid values, then open flags in their order. */
export function approvalProblems(full: FullRecord, open: ReviewFlag[] = openFlags(full)): Blocker[] {
  const out: Blocker[] = [];
  if (open.some((f) => f.code === NO_PATIENT)) out.push({ path: 'patient', message: IDENTITY_MESSAGE });
  out.push(...recordProblems(full.record));
  for (const f of open) {
    if (f.code === NO_PATIENT) continue;
    out.push({ path: f.path, message: `Still to check — ${pathLabel(f.path)}: ${f.reason}` });
  }
  return out;
}

/** Why this record cannot be approved yet; empty when it can. */
export function approvalBlockers(full: FullRecord, open: ReviewFlag[] = openFlags(full)): string[] {
  return approvalProblems(full, open).map((b) => b.message);
}

/** Refused approvals say why (the data layer throws this; the record view shows the reasons). */
export class ApprovalRefusedError extends Error {
  constructor(readonly reasons: string[]) {
    super(`This record cannot be approved yet: ${reasons.join('; ')}`);
    this.name = 'ApprovalRefusedError';
  }
}
