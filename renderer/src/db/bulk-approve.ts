import type { ScrRecord } from '../core';
import { codec } from './codec';
import { db } from './database';
import type { StoredRecord, StoredSummary } from './rows';
import { currentActor, report, serial } from './write-queue';

/**
 * Approving many records at once: every record waiting for review with no open flag, each
 * checked by the same rule as approving it by hand (`blockers`, passed in by the review
 * feature); a record the rule refuses (a field that is not valid) stays for review.
 */
export type Blockers = (record: ScrRecord, openFlags: number) => string[];

export interface BulkApprovalPlan {
  /** Would be approved. */
  ids: string[];
  /** Have no open flag but fail the check: left for review, with why. */
  blocked: { id: string; reasons: string[] }[];
}

/** Records opened at once: enough to keep WebCrypto busy. */
const CHUNK = 250;

async function candidates(ids?: string[]): Promise<StoredSummary[]> {
  const s = db().summaries;
  const rows = ids ? (await s.bulkGet(ids)).filter((r): r is StoredSummary => !!r) : await s.where('state').equals('needs review').toArray();
  return rows.filter((r) => r.state === 'needs review' && r.flags === 0);
}

async function openChunk(summaries: StoredSummary[]) {
  const stored = await db().records.bulkGet(summaries.map((s) => s.id));
  const pairs = summaries.map((s, i) => ({ summary: s, stored: stored[i] })).filter((p): p is { summary: StoredSummary; stored: StoredRecord } => !!p.stored && p.stored.reviewState === 'needs review');
  const records = await Promise.all(pairs.map((p) => codec().openRecord(p.stored)));
  return pairs.map((p, i) => ({ summary: p.summary, record: records[i]! }));
}

/** What approving in bulk would do now, for the confirm step (nothing is written). */
export async function planBulkApproval(blockers: Blockers): Promise<BulkApprovalPlan> {
  const rows = await candidates();
  const plan: BulkApprovalPlan = { ids: [], blocked: [] };
  for (let c = 0; c < rows.length; c += CHUNK) {
    for (const { summary, record } of await openChunk(rows.slice(c, c + CHUNK))) {
      const reasons = blockers(record.record, summary.flags);
      if (reasons.length) plan.blocked.push({ id: summary.id, reasons });
      else plan.ids.push(summary.id);
    }
  }
  return plan;
}

/**
 * Approves these records, checking each again as it is written (it may have been edited,
 * flagged or approved since the plan): returns the ids approved. One transaction per chunk;
 * each approval is reported to the audit trail as if done by hand.
 */
export function approveRecords(ids: string[], blockers: Blockers): Promise<string[]> {
  return serial(async () => {
    const d = db();
    const approved: string[] = [];
    for (let c = 0; c < ids.length; c += CHUNK) {
      const opened = await openChunk(await candidates(ids.slice(c, c + CHUNK)));
      const ok = opened.filter(({ summary, record }) => blockers(record.record, summary.flags).length === 0);
      if (!ok.length) continue;
      const now = Date.now();
      const who = currentActor();
      const listRows = await codec().openSummaries(ok.map((o) => o.summary));
      const [records, summaries] = await Promise.all([
        Promise.all(ok.map(({ record }) => codec().sealRecord({ ...record, reviewState: 'approved', approvedAt: now, approvedBy: who, updatedAt: now }))),
        Promise.all(listRows.map((row) => codec().sealSummary({ ...row, state: 'approved', updatedAt: now }))),
      ]);
      await d.transaction('rw', [d.records, d.summaries], async () => {
        await d.records.bulkPut(records);
        await d.summaries.bulkPut(summaries);
      });
      for (const o of ok) approved.push(o.record.id);
      report(...ok.map((o) => ({ action: 'approved' as const, documentId: o.record.id })));
    }
    return approved;
  });
}
