import { db } from './database';
import { deleteDocumentRows } from './documents';
import { report, serial } from './write-queue';

/** Retention: what the practice's settings say has been kept long enough. */
export interface RetentionPolicy {
  pdfHoursAfterApproval: number;
  recordDays: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Deletes what the practice's retention settings say has been kept long enough, as of
 * `now`: records (with their document, job, edits and list row) added more than
 * `recordDays` ago, and the PDFs of records approved or exported more than
 * `pdfHoursAfterApproval` ago (the record stays). Works on the clear index fields alone,
 * so it runs while the app is locked or before the passphrase is entered.
 */
export function purgeExpired(now: number, policy: RetentionPolicy): Promise<{ records: string[]; pdfs: string[] }> {
  return serial(async () => {
    const d = db();
    const records = (await d.documents.where('addedAt').below(now - policy.recordDays * DAY).primaryKeys()) as string[];
    if (records.length) await deleteDocumentRows(records);

    const pdfCutoff = now - policy.pdfHoursAfterApproval * HOUR;
    const [approved, exported] = await Promise.all([
      d.records.where('approvedAt').belowOrEqual(pdfCutoff).primaryKeys(),
      d.records.where('exportedAt').belowOrEqual(pdfCutoff).primaryKeys(),
    ]);
    const due = [...new Set([...(approved as string[]), ...(exported as string[])])];
    const pdfs: string[] = [];
    await d.transaction('rw', [d.documents], async () => {
      for (const doc of await d.documents.bulkGet(due)) {
        if (!doc || doc.blob === null) continue;
        await d.documents.update(doc.id, { blob: null, pdfPurgedAt: now });
        pdfs.push(doc.id);
      }
    });
    if (records.length) report({ action: 'purged', what: 'record', reason: 'retention', documentIds: records });
    if (pdfs.length) report({ action: 'purged', what: 'pdf', reason: 'retention', documentIds: pdfs });
    return { records, pdfs };
  });
}
