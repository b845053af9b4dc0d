import type { RendererAuditEvent } from '../../../main/core/contract/audit';
import { codec } from './codec';
import { db } from './database';
import type { DocumentInfo, DocumentRow } from './rows';
import { localJob, report, sealedSummary, serial } from './write-queue';

/** Documents: the dropped PDF (sealed), its name and hash; removing one takes everything it led to. */
export interface NewDocument {
  id: string;
  name: string;
  size: number;
  blob: Blob;
  addedAt: number;
}

/** Stores dropped files at once (before hashing) so they show in the inbox straight away. */
export function addDocuments(files: NewDocument[]): Promise<void> {
  return serial(async () => {
    const docs = files.map((f): DocumentRow => ({ ...f, sha256: null }));
    const jobs = docs.map(localJob);
    const [sealed, sealedJobs, summaries] = await Promise.all([
      Promise.all(docs.map((d) => codec().sealDocument(d))),
      Promise.all(jobs.map((j) => codec().sealJob(j))),
      Promise.all(docs.map((d, i) => sealedSummary(d, jobs[i]))),
    ]);
    const d = db();
    await d.transaction('rw', [d.documents, d.jobs, d.summaries], async () => {
      await d.documents.bulkAdd(sealed);
      await d.jobs.bulkAdd(sealedJobs);
      await d.summaries.bulkPut(summaries);
    });
  });
}

export function setDocumentHash(id: string, sha256: string): Promise<void> {
  return serial(async () => {
    const d = db();
    await d.transaction('rw', [d.documents, d.jobs], async () => {
      await d.documents.update(id, { sha256 });
      await d.jobs.update(id, { sha256 });
    });
  });
}

/** The earliest other document with the same bytes, if any (without its PDF). */
export async function findDuplicate(sha256: string, exceptId: string): Promise<DocumentInfo | undefined> {
  const matches = await db().documents.where('sha256').equals(sha256).sortBy('addedAt');
  const match = matches.find((m) => m.id !== exceptId);
  return match ? codec().openDocumentInfo(match) : undefined;
}

/** The document with its PDF (null once retention purged it). */
export async function getDocument(id: string): Promise<DocumentRow | undefined> {
  const row = await db().documents.get(id);
  return row ? codec().openDocument(row) : undefined;
}

/** Whether the database holds any document (sealed or not). */
export async function hasDocuments(): Promise<boolean> {
  return (await db().documents.count()) > 0;
}

/** Deletes documents with their job, record, evidence, edits and list row. Call inside serial(). */
export async function deleteDocumentRows(ids: string[]): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.documents, d.jobs, d.records, d.evidence, d.summaries, d.edits], async () => {
    await d.documents.bulkDelete(ids);
    await d.jobs.bulkDelete(ids);
    await d.records.bulkDelete(ids);
    await d.evidence.bulkDelete(ids);
    await d.summaries.bulkDelete(ids);
    await d.edits.where('recordId').anyOf(ids).delete();
  });
}

/** Removes a document with its job, record, edits and list row. */
export function removeDocuments(ids: string[]): Promise<void> {
  return serial(async () => {
    await deleteDocumentRows(ids);
    report(...ids.map((documentId): RendererAuditEvent => ({ action: 'removed', documentId })));
  });
}
