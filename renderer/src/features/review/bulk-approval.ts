import type { FullRecord } from '../../db/rows';
import { approvalBlockers } from './approval';

/** Why this record cannot be approved in bulk (empty: it can), by the same rule as approving it by hand. */
export function bulkApprovalBlockers(full: FullRecord): string[] {
  return approvalBlockers(full);
}
