import type { JobRow } from './rows';
import { db } from './database';

/** Every document's status and error code: the clear fields of the jobs' mirror (nothing decrypted). */
export async function jobOutcomes(): Promise<Pick<JobRow, 'status' | 'error'>[]> {
  const rows = await db().jobs.toArray();
  return rows.map((r) => ({ status: r.status, error: r.error }));
}
