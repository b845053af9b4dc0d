/**
 * The database's aggregates in one import, for screens that use several. Each lives in its
 * own file beside this one and is the only writer of its rows; all writes go through one
 * queue (write-queue.ts), rows are sealed by the codec, and changes people make are
 * reported to main's audit trail.
 *   documents.ts      PDFs added, the copy of a picked file, duplicates, removing a document and all it led to
 *   jobs.ts           the mirror of the engine's jobs
 *   records.ts        results, corrections with their history, review state
 *   list.ts           the review list: rows, filters, counts, the first screenful
 *   export.ts         what a CSV takes, in order and in chunks; marking records exported
 *   bulk-approve.ts   approving every record with nothing left to check, after a confirm step
 *   retention.ts      purging what has been kept long enough
 *   templates.ts      export templates
 *   settings-mirror.ts the engine's settings as last seen, for the Settings screen
 *   whole-database.ts the data key's id and deleting everything
 *   search-terms-backfill.ts search terms for list rows written before they existed, once
 * A new aggregate (the review UI's, say) is a new file here and one line below.
 */
export { setActor, setAuditSink } from './write-queue';
// Not deleteDocumentRows: it deletes outside the write queue (retention.ts calls it inside).
export { addDocuments, duplicatesOf, getDocument, hasDocuments, removeDocuments, storePdf, type DuplicateSet, type NewDocument } from './documents';
export * from './jobs';
export * from './records';
export * from './list';
export * from './export';
export * from './retention';
export * from './templates';
export * from './settings-mirror';
export * from './whole-database';
export * from './bulk-approve';
export * from './job-outcomes';
