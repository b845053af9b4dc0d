import { codec } from './codec';
import { db } from './database';
import type { DocumentRow, EditRow, EvidenceRow, JobRow, RecordRow, SummaryRow } from './rows';

/**
 * Rows written before encryption at rest (schema v1/v2) are in the clear. Once the data
 * key is here they are sealed in place, a table at a time, outside any transaction (WebCrypto
 * cannot run inside one). It finds nothing to do on every later start. Deleted clear values
 * may linger in the browser's files until it compacts them; docs/security.md says so.
 */
const clear = (row: object) => !('sealed' in row);

export async function sealLegacyRows(): Promise<number> {
  const d = db();
  const c = codec();
  const docs = (await d.documents.toArray()).filter(clear) as unknown as DocumentRow[];
  if (docs.length) await d.documents.bulkPut(await Promise.all(docs.map((r) => c.sealDocument(r))));
  const jobs = (await d.jobs.toArray()).filter(clear) as unknown as JobRow[];
  if (jobs.length) await d.jobs.bulkPut(await Promise.all(jobs.map((r) => c.sealJob(r))));
  const records = (await d.records.toArray()).filter(clear) as unknown as RecordRow[];
  if (records.length) await d.records.bulkPut(await Promise.all(records.map((r) => c.sealRecord({ ...r, exportedAt: r.exportedAt ?? null }))));
  const evidence = (await d.evidence.toArray()).filter(clear) as unknown as EvidenceRow[];
  if (evidence.length) await d.evidence.bulkPut(await Promise.all(evidence.map((r) => c.sealEvidence(r))));
  const summaries = (await d.summaries.toArray()).filter(clear) as unknown as SummaryRow[];
  if (summaries.length) await d.summaries.bulkPut(await Promise.all(summaries.map((r) => c.sealSummary(r))));
  const edits = (await d.edits.toArray()).filter(clear) as unknown as EditRow[];
  if (edits.length) await d.edits.bulkPut(await Promise.all(edits.map((r) => c.sealEdit(r))));
  return docs.length + jobs.length + records.length + evidence.length + summaries.length + edits.length;
}
