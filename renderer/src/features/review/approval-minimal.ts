import { isValidNhsNumber, type ScrRecord } from '../../core';

/**
 * A minimal stand-in for the record screen's approval check (features/review/approval.ts,
 * written alongside on another branch): why a record cannot be approved, in plain words;
 * empty when it can. Refuses a record with open flags or without a valid NHS number (ten
 * digits, mod 11 check digit). When approval.ts is merged, bulk-approval.ts imports it
 * instead and this file goes.
 */
export function approvalBlockers(input: { record: Pick<ScrRecord, 'patient'>; openFlags: number }): string[] {
  const out: string[] = [];
  if (input.openFlags > 0) out.push(input.openFlags === 1 ? '1 thing still to check' : `${input.openFlags} things still to check`);
  const nhs = (input.record.patient.nhsNumber ?? '').replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(nhs) || !isValidNhsNumber(nhs)) out.push('The NHS number is not valid');
  return out;
}
