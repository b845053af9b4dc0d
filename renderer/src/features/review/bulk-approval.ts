import type { ScrRecord } from '../../core';
// The one place bulk approval learns what blocks a record: the record screen's check when
// merged (./approval), this branch's minimal stand-in until then.
import { approvalBlockers } from './approval-minimal';

/** Why this record cannot be approved in bulk (empty: it can), by the same rule as approving it by hand. */
export function bulkApprovalBlockers(record: ScrRecord, openFlags: number): string[] {
  return approvalBlockers({ record, openFlags });
}
