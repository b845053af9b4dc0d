import type { RendererAuditEvent } from '../../../main/core/contract/audit';
import { codec } from './codec';
import { db } from './database';
import type { DocumentInfo, DocumentRow } from './rows';
import { localJob, report, sealedSummary, serial } from './write-queue';

/** Documents: the PDF (sealed), its name and hash; removing one takes everything it led to. */
export interface NewDocument {
  id: string;
  name: string;
  size: number;
  /** The dropped file; null for a file chosen in the desktop's dialog, whose copy main hands over next (storePdf). */
  blob: Blob | null;
  addedAt: number;
  processAgain?: boolean;
}

/** Stores new documents at once (main hashes them later) so they show in the inbox straight away. */
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

/**
 * Keeps the PDF of a document added without one (a file chosen in the desktop's dialog).
 * False when the document is gone (removed as a duplicate, say) or already has its PDF.
 */
export function storePdf(id: string, blob: Blob): Promise<boolean> {
  return serial(async () => {
    const d = db();
    const stored = await d.documents.get(id);
    if (!stored || stored.blob !== null || stored.pdfPurgedAt) return false;
    const { hasPdf: _none, ...info } = await codec().openDocumentInfo(stored);
    const sealed = await codec().sealDocument({ ...info, blob });
    // Only the PDF: the hash main may have reported meanwhile is kept.
    await d.documents.update(id, { blob: sealed.blob });
    return true;
  });
}

export interface DuplicateSet {
  /** The first document added with these bytes. */
  original: DocumentInfo;
  /** Later ones that are not meant to be processed again and have no record yet. */
  duplicates: DocumentInfo[];
}

/**
 * The documents holding these bytes (by main's hash), once a second one has come: the first
 * added is the one a notice points to; later ones are duplicates unless staff chose to
 * process them again or they already have a record (nothing read is ever thrown away).
 * Found whichever order main hashed them in.
 */
export async function duplicatesOf(sha256: string): Promise<DuplicateSet | undefined> {
  const d = db();
  const stored = (await d.documents.where('sha256').equals(sha256).toArray()).sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
  if (stored.length < 2) return undefined;
  const recorded = new Set((await d.records.where(':id').anyOf(stored.map((s) => s.id)).primaryKeys()) as string[]);
  const [first, ...rest] = stored;
  const later = rest.filter((s) => !s.processAgain && !recorded.has(s.id));
  if (!first || later.length === 0) return undefined;
  const [original, ...duplicates] = await Promise.all([first, ...later].map((s) => codec().openDocumentInfo(s)));
  return { original: original!, duplicates };
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
