import { codec } from './codec';
import { db } from './database';
import type { FullRecord, StoredEvidence, StoredRecord, StoredSummary } from './rows';
import { currentActor, report, serial } from './write-queue';

/**
 * Approving many records at once: every record waiting for review with no open flag, each
 * checked by the same rule as approving it by hand (`blockers`, passed in by the review
 * feature); a record the rule refuses (a field that is not valid) stays for review.
 */
export type Blockers = (full: FullRecord) => string[];

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

async function openChunk(summaries: StoredSummary[]): Promise<{ summary: StoredSummary; full: FullRecord }[]> {
  const ids = summaries.map((s) => s.id);
  const [stored, evidence] = await Promise.all([db().records.bulkGet(ids), db().evidence.bulkGet(ids)]);
  const rows = summaries
    .map((s, i) => ({ summary: s, stored: stored[i], evidence: evidence[i] }))
    .filter((p): p is { summary: StoredSummary; stored: StoredRecord; evidence: StoredEvidence } => !!p.stored && !!p.evidence && p.stored.reviewState === 'needs review');
  return Promise.all(
    rows.map(async (p) => {
      const [record, { id: _same, ...rest }] = await Promise.all([codec().openRecord(p.stored), codec().openEvidence(p.evidence)]);
      return { summary: p.summary, full: { ...record, ...rest } };
    }),
  );
}

/** What approving in bulk would do now, for the confirm step (nothing is written). */
export async function planBulkApproval(blockers: Blockers): Promise<BulkApprovalPlan> {
  const rows = await candidates();
  const plan: BulkApprovalPlan = { ids: [], blocked: [] };
  for (let c = 0; c < rows.length; c += CHUNK) {
    for (const { summary, full } of await openChunk(rows.slice(c, c + CHUNK))) {
      const reasons = blockers(full);
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
      const ok = opened.filter(({ full }) => blockers(full).length === 0);
      if (!ok.length) continue;
      const now = Date.now();
      const who = currentActor();
      const listRows = await codec().openSummaries(ok.map((o) => o.summary));
      const [records, summaries] = await Promise.all([
        Promise.all(
          ok.map(({ full }) =>
            codec().sealRecord({ id: full.id, record: full.record, extractor: full.extractor, layout: full.layout, reviewState: 'approved', approvedAt: now, approvedBy: who, exportedAt: full.exportedAt, createdAt: full.createdAt, updatedAt: now }),
          ),
        ),
        Promise.all(listRows.map((row) => codec().sealSummary({ ...row, state: 'approved', updatedAt: now }))),
      ]);
      await d.transaction('rw', [d.records, d.summaries], async () => {
        await d.records.bulkPut(records);
        await d.summaries.bulkPut(summaries);
      });
      for (const o of ok) approved.push(o.full.id);
      report(...ok.map((o) => ({ action: 'approved' as const, documentId: o.full.id })));
    }
    return approved;
  });
}
