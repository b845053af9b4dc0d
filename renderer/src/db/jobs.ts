import type { Job } from '../core';
import { codec } from './codec';
import { db } from './database';
import type { JobRow, StoredJob, StoredSummary } from './rows';
import { sealedSummary, serial } from './write-queue';

/** Jobs: the renderer's mirror of the engine's jobs, one per document. */
const UNFINISHED: ReadonlySet<Job['status']> = new Set(['queued', 'running']);

/** A document whose hash main has just reported: now it can be told whether it is already here. */
export interface IdentifiedDocument {
  id: string;
  sha256: string;
}

/**
 * Mirrors the engine's jobs. Jobs for documents no longer here (removed while an event was
 * in flight) are ignored, so a late event never brings a removed row back. The hash main
 * computed goes onto the document the first time a job carries it; those documents are
 * returned, for the duplicate check.
 */
export function mirrorJobs(jobs: Job[]): Promise<IdentifiedDocument[]> {
  return serial(async () => {
    if (jobs.length === 0) return [];
    const d = db();
    const latest = new Map(jobs.map((j) => [j.id, j]));
    const ids = [...latest.keys()];
    const [docs, recorded] = await Promise.all([d.documents.bulkGet(ids), d.records.where(':id').anyOf(ids).primaryKeys()]);
    const hasRecord = new Set(recorded as string[]);
    const puts: StoredJob[] = [];
    const summaries: StoredSummary[] = [];
    const identified: IdentifiedDocument[] = [];
    for (let i = 0; i < ids.length; i++) {
      const doc = docs[i];
      const job = latest.get(ids[i]!)!;
      if (!doc) continue;
      if (job.sha256 && doc.sha256 === null) identified.push({ id: doc.id, sha256: job.sha256 });
      // The inbox lists documents in the order they were dropped: keep the drop time.
      const row: JobRow = { ...job, queuedAt: doc.addedAt };
      puts.push(await codec().sealJob(row));
      // Once a record exists the list row follows the record, not the job.
      if (!hasRecord.has(ids[i]!)) summaries.push(await sealedSummary(await codec().openDocumentInfo(doc), row));
    }
    await d.transaction('rw', [d.jobs, d.summaries, d.documents], async () => {
      await d.jobs.bulkPut(puts);
      if (summaries.length) await d.summaries.bulkPut(summaries);
      for (const doc of identified) await d.documents.update(doc.id, { sha256: doc.sha256 });
    });
    return identified;
  });
}

export async function unfinishedJobs(): Promise<JobRow[]> {
  return codec().openJobs(await db().jobs.where('status').anyOf([...UNFINISHED]).toArray());
}

/** Which of these documents already have their record. */
export async function withRecords(ids: string[]): Promise<string[]> {
  // Keys only: a record can be tens of kilobytes, and only its existence matters here.
  return (await db().records.where(':id').anyOf(ids).primaryKeys()) as string[];
}

/** Jobs whose result is stored but whose last event was lost: they are complete. */
export function markComplete(ids: string[]): Promise<void> {
  return serial(async () => {
    const d = db();
    const jobs = (await d.jobs.bulkGet(ids)).filter((j): j is StoredJob => !!j);
    // The sealed name is unchanged: only the clear progress fields are rewritten.
    await d.jobs.bulkPut(jobs.map((j) => ({ ...j, status: 'complete', step: null, percent: 100, waiting: null, finishedAt: j.finishedAt ?? Date.now() })));
  });
}

/** Complete jobs whose result never reached the database (the page closed in between). */
export async function completeJobsWithoutRecord(): Promise<JobRow[]> {
  const d = db();
  const [complete, recorded] = await Promise.all([d.jobs.where('status').equals('complete').primaryKeys(), d.records.toCollection().primaryKeys()]);
  const have = new Set(recorded as string[]);
  const missing = (complete as string[]).filter((id) => !have.has(id));
  return codec().openJobs((await d.jobs.bulkGet(missing)).filter((j): j is StoredJob => !!j));
}

/** Every job, newest drop first (one getAll, sorted here, as the list rows are). */
export async function listJobs(): Promise<JobRow[]> {
  const rows = await codec().openJobs(await db().jobs.toArray());
  return rows.sort((a, b) => b.queuedAt - a.queuedAt || (a.id < b.id ? 1 : -1));
}
