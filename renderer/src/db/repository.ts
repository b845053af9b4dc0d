import { newJob, type ExtractionResult, type Job, type Settings } from '../core';
import type { RendererAuditEvent } from '../../../main/core/contract/audit';
import { codec } from './codec';
import { db } from './database';
import type {
  DocumentInfo,
  DocumentRow,
  EditRow,
  EvidenceRow,
  FullRecord,
  JobRow,
  RecordRow,
  ReviewState,
  StoredJob,
  StoredRecord,
  StoredSummary,
  SummaryRow,
  TemplateRow,
} from './rows';
import { summarise } from './summary';

/**
 * The only module that writes to the database. Writes run one at a time (so a job event and
 * a result arriving together cannot interleave and leave a stale list row), rows pass through
 * the codec (sealed with the data key) before they are stored, and the changes people make
 * are reported to the audit trail, which main keeps.
 */
let queue: Promise<unknown> = Promise.resolve();

function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

let actor = 'unknown user';

/** The signed-in user name (from main), stamped on every edit. */
export function setActor(userName: string): void {
  actor = userName || 'unknown user';
}

let auditSink: (events: RendererAuditEvent[]) => void = () => undefined;

/** Where audit events go (features/audit sends them to main; tests may watch them). */
export function setAuditSink(sink: (events: RendererAuditEvent[]) => void): void {
  auditSink = sink;
}

function report(...events: RendererAuditEvent[]): void {
  if (events.length) auditSink(events);
}

const UNFINISHED: ReadonlySet<Job['status']> = new Set(['queued', 'running']);

/** The job the renderer shows between the drop and the engine's first word about it. */
function localJob(doc: Pick<DocumentRow, 'id' | 'sha256' | 'name' | 'size' | 'addedAt'>): JobRow {
  return newJob({ id: doc.id, sha256: doc.sha256 ?? '', name: doc.name, size: doc.size, queuedAt: doc.addedAt, priority: false });
}

function sealedSummary(doc: Pick<DocumentRow, 'id' | 'name' | 'addedAt'>, job: JobRow | undefined, record?: RecordRow, evidence?: EvidenceRow) {
  return codec().sealSummary(summarise(doc, job, record, evidence));
}

// Documents ----------------------------------------------------------------------------

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

async function deleteDocuments(ids: string[]): Promise<void> {
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
    await deleteDocuments(ids);
    report(...ids.map((documentId): RendererAuditEvent => ({ action: 'removed', documentId })));
  });
}

// Jobs ---------------------------------------------------------------------------------

/**
 * Mirrors the engine's jobs. Jobs for documents no longer here (removed while an event was
 * in flight) are ignored, so a late event never brings a removed row back.
 */
export function mirrorJobs(jobs: Job[]): Promise<void> {
  return serial(async () => {
    if (jobs.length === 0) return;
    const d = db();
    const latest = new Map(jobs.map((j) => [j.id, j]));
    const ids = [...latest.keys()];
    const [docs, recorded] = await Promise.all([d.documents.bulkGet(ids), d.records.where(':id').anyOf(ids).primaryKeys()]);
    const hasRecord = new Set(recorded as string[]);
    const puts: StoredJob[] = [];
    const summaries: StoredSummary[] = [];
    for (let i = 0; i < ids.length; i++) {
      const doc = docs[i];
      const job = latest.get(ids[i]!)!;
      if (!doc) continue;
      // The inbox lists documents in the order they were dropped: keep the drop time.
      const row: JobRow = { ...job, queuedAt: doc.addedAt };
      puts.push(await codec().sealJob(row));
      // Once a record exists the list row follows the record, not the job.
      if (!hasRecord.has(ids[i]!)) summaries.push(await sealedSummary(await codec().openDocumentInfo(doc), row));
    }
    await d.transaction('rw', [d.jobs, d.summaries], async () => {
      await d.jobs.bulkPut(puts);
      if (summaries.length) await d.summaries.bulkPut(summaries);
    });
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

// Records ------------------------------------------------------------------------------

/**
 * Keeps the first result for a document and ignores any later one: a resubmitted job can
 * only ever produce one record, and a result never overwrites staff's corrections.
 */
export function saveResult(id: string, result: ExtractionResult): Promise<boolean> {
  return serial(async () => {
    const d = db();
    const [doc, storedJob, existing] = await Promise.all([d.documents.get(id), d.jobs.get(id), d.records.get(id)]);
    if (!doc || existing) return false;
    const now = Date.now();
    const row: RecordRow = {
      id,
      record: result.record,
      extractor: result.extractor,
      layout: result.layout,
      reviewState: 'needs review',
      approvedAt: null,
      approvedBy: null,
      exportedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const evidence: EvidenceRow = {
      id,
      extracted: structuredClone(result.record),
      provenance: result.provenance,
      confidence: result.confidence,
      warnings: result.warnings,
    };
    const [job] = storedJob ? await codec().openJobs([storedJob]) : [];
    const [sealed, sealedEvidence, summary] = await Promise.all([
      codec().sealRecord(row),
      codec().sealEvidence(evidence),
      codec().openDocumentInfo(doc).then((info) => sealedSummary(info, job, row, evidence)),
    ]);
    await d.transaction('rw', [d.records, d.evidence, d.summaries], async () => {
      await d.records.add(sealed);
      await d.evidence.put(sealedEvidence);
      await d.summaries.put(summary);
    });
    return true;
  });
}

export async function getRecord(id: string): Promise<RecordRow | undefined> {
  const row = await db().records.get(id);
  return row ? codec().openRecord(row) : undefined;
}

/** The record with what it was read from, for the record view. */
export async function getFullRecord(id: string): Promise<FullRecord | undefined> {
  const d = db();
  const [row, evidence] = await Promise.all([d.records.get(id), d.evidence.get(id)]);
  if (!row || !evidence) return undefined;
  const [open, openEvidence] = await Promise.all([codec().openRecord(row), codec().openEvidence(evidence)]);
  const { id: _same, ...rest } = openEvidence;
  return { ...open, ...rest };
}

export async function getEdits(recordId: string): Promise<EditRow[]> {
  const rows = await db().edits.where('recordId').equals(recordId).sortBy('seq');
  return Promise.all(rows.map((r) => codec().openEdit(r)));
}

export interface RecordChange {
  path: string;
  kind: EditRow['kind'];
  oldValue: unknown;
  newValue: unknown;
}

export type EditedParts = Pick<FullRecord, 'record' | 'provenance' | 'confidence' | 'warnings'>;

function split(full: FullRecord): { row: RecordRow; evidence: EvidenceRow } {
  const { extracted, provenance, confidence, warnings, ...row } = full;
  return { row, evidence: { id: full.id, extracted, provenance, confidence, warnings } };
}

async function writeFull(full: FullRecord, extra: (d: ReturnType<typeof db>) => Promise<unknown>, extraTables: (keyof ReturnType<typeof db>)[]): Promise<void> {
  const d = db();
  const [storedDoc, storedJob] = await Promise.all([d.documents.get(full.id), d.jobs.get(full.id)]);
  if (!storedDoc) throw new Error('The record is no longer here.');
  const { row, evidence } = split(full);
  const [doc, jobs] = await Promise.all([codec().openDocumentInfo(storedDoc), codec().openJobs(storedJob ? [storedJob] : [])]);
  const [sealed, sealedEvidence, summary] = await Promise.all([codec().sealRecord(row), codec().sealEvidence(evidence), sealedSummary(doc, jobs[0], row, evidence)]);
  const tables = [d.records, d.evidence, d.summaries, ...extraTables.map((t) => d[t] as unknown as typeof d.records)];
  await d.transaction('rw', tables, async () => {
    await d.records.put(sealed);
    await d.evidence.put(sealedEvidence);
    await d.summaries.put(summary);
    await extra(d);
  });
}

/**
 * Saves a corrected record with the edit that made it. `edit` derives the new parts from
 * the stored record inside the write queue, so two quick edits never undo each other.
 * A changed record needs review again.
 */
export function editRecord(id: string, edit: (current: FullRecord) => EditedParts, change: RecordChange): Promise<void> {
  return serial(async () => {
    const current = await getFullRecord(id);
    if (!current) throw new Error('The record is no longer here.');
    const now = Date.now();
    const next: FullRecord = { ...current, ...edit(current), reviewState: 'needs review', approvedAt: null, approvedBy: null, updatedAt: now };
    const sealedEdit = await codec().sealEdit({ recordId: id, ...change, who: actor, at: now });
    await writeFull(
      next,
      async (d) => {
        await d.edits.add(sealedEdit);
      },
      ['edits'],
    );
    // The field's name only: the audit trail never holds clinical values.
    report({ action: 'edited', documentId: id, field: change.path, change: change.kind });
  });
}

export function setReviewState(id: string, state: ReviewState): Promise<void> {
  return serial(async () => {
    const current = await getFullRecord(id);
    if (!current) throw new Error('The record is no longer here.');
    const now = Date.now();
    const next: FullRecord = {
      ...current,
      reviewState: state,
      approvedAt: state === 'approved' ? now : null,
      approvedBy: state === 'approved' ? actor : null,
      updatedAt: now,
    };
    await writeFull(next, async () => undefined, []);
    report({ action: state === 'approved' ? 'approved' : 'reopened', documentId: id });
  });
}

export interface ExportRow {
  row: RecordRow;
  fileName: string;
  /** Warnings and unsure values the record had (the list's flag count). */
  flags: number;
}

/** The first `limit` records an export would take (the preview), in the order their documents were added. */
export async function recordsForExport(approvedOnly: boolean, limit: number): Promise<ExportRow[]> {
  const d = db();
  // Walk the list rows in order and fetch only the first few records.
  const ids: string[] = [];
  await d.summaries
    .orderBy('addedAt')
    .until(() => ids.length >= limit)
    .each((s) => {
      if (s.state === 'approved' || (!approvedOnly && s.state === 'needs review')) ids.push(s.id);
    });
  const [rows, stored] = await Promise.all([d.records.bulkGet(ids).then((r) => r.filter((x): x is StoredRecord => !!x)), d.summaries.bulkGet(ids)]);
  const opened = await Promise.all(rows.map((r) => codec().openRecord(r)));
  const summaries = await codec().openSummaries(stored.filter((s): s is StoredSummary => !!s));
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return opened
    .map((row) => {
      const summary = byId.get(row.id);
      return { row, fileName: summary?.fileName ?? '', flags: summary?.flags ?? 0, addedAt: summary?.addedAt ?? 0 };
    })
    .sort((a, b) => a.addedAt - b.addedAt || a.row.id.localeCompare(b.row.id))
    .map(({ row, fileName, flags }) => ({ row, fileName, flags }));
}

export interface ExportPlanRow {
  id: string;
  fileName: string;
  flags: number;
}

/**
 * The order of a full export: every document that has a record, in the order they were
 * added (ties by id), with the file name and flag count its CSV row needs, from the list
 * rows (kept opened by the review list, so usually nothing to decrypt).
 */
export async function exportPlan(): Promise<ExportPlanRow[]> {
  // Two plain index reads: anyOf walks a cursor, a request per row.
  const s = db().summaries;
  const [approved, needsReview] = await Promise.all([s.where('state').equals('approved').toArray(), s.where('state').equals('needs review').toArray()]);
  const rows = await codec().openSummaries([...approved, ...needsReview]);
  rows.sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  return rows.map((r) => ({ id: r.id, fileName: r.fileName, flags: r.flags }));
}

/**
 * Every record as stored (sealed), `size` at a time in the order of their ids: one getAll
 * per chunk, the next chunk read while the caller hands on this one. Ids, not the list's
 * order, because a key range is read in one request while fetching ids one by one is a
 * request per record; the caller puts the CSV lines back in the list's order.
 */
export async function* storedRecordChunks(size: number): AsyncGenerator<StoredRecord[]> {
  const d = db();
  const read = (after: string | null) => (after === null ? d.records.orderBy(':id') : d.records.where(':id').above(after)).limit(size).toArray();
  let next: Promise<StoredRecord[]> | null = read(null);
  try {
    while (next) {
      const rows: StoredRecord[] = await next;
      next = rows.length === size ? read(rows[rows.length - 1]!.id) : null;
      if (rows.length) yield rows;
    }
  } finally {
    // Stopped early: the chunk read ahead is not wanted.
    next?.catch(() => undefined);
  }
}

/** They went into a CSV now: retention counts their PDFs' time from here (or approval). */
export function markExported(ids: string[], at: number): Promise<void> {
  return serial(async () => {
    const d = db();
    const rows = (await d.records.bulkGet(ids)).filter((r): r is StoredRecord => !!r);
    // A clear field only: the sealed record is not touched.
    await d.records.bulkPut(rows.map((r) => ({ ...r, exportedAt: at })));
  });
}

// The review list ----------------------------------------------------------------------

/**
 * Every list row, newest first. Read with one getAll and sorted here: walking an index
 * backwards is a cursor step per row, many times slower over 10,000 rows.
 */
export async function listSummaries(): Promise<SummaryRow[]> {
  const rows = await codec().openSummaries(await db().summaries.toArray());
  return rows.sort((a, b) => b.addedAt - a.addedAt || (a.id < b.id ? 1 : -1));
}

let warming: { codec: unknown; done: Promise<unknown>; finished: boolean } | null = null;

/** Whether every list row is already open in memory (warmListRows has finished since the last unlock). */
export function listRowsWarm(): boolean {
  return !!warming && warming.codec === codec() && warming.finished;
}

/**
 * Opens every list row into the codec's memory, once per unlock, whatever screen asks next:
 * started when the review list has shown its first screenful, and not stopped when the list
 * is left, so search is ready soon after the app starts. Run outside any live query (Dexie
 * follows every promise inside one, which slows 10,000 decrypts several times over).
 */
export function warmListRows(): Promise<unknown> {
  const c = codec();
  if (warming?.codec !== c) {
    // After a count: IndexedDB answers in turn, and the list asks for its counts at the
    // same moment, so they are answered before this long read.
    const entry: NonNullable<typeof warming> = { codec: c, done: Promise.resolve(), finished: false };
    entry.done = listCounts()
      .then(() => listSummaries())
      .then(() => {
        entry.finished = true;
      })
      .catch(() => undefined);
    warming = entry;
  }
  return warming.done;
}

/** The review list's filters, over the list rows' clear fields (state and flag count). */
export type ListFilter = 'all' | 'needs review' | 'approved' | 'failed' | 'has warnings';

export function matchesListFilter(row: Pick<SummaryRow, 'state' | 'flags'>, filter: ListFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'has warnings':
      return row.flags > 0;
    case 'failed':
      return row.state === 'failed' || row.state === 'cancelled';
    default:
      return row.state === filter;
  }
}

export interface ListHead {
  /** The filter these rows were read for. */
  filter: ListFilter;
  /** The first rows the filter shows, newest first (as listSummaries orders them), opened. */
  rows: SummaryRow[];
}

/**
 * The review list's first screenful at app start: the newest `limit` rows the filter shows,
 * found on the clear index and fields and only those decrypted. listSummaries opens the
 * rest (search needs them all).
 */
export async function listHead(filter: ListFilter, limit: number): Promise<ListHead> {
  const newestFirst = db().summaries.orderBy('addedAt').reverse();
  const stored = await (filter === 'all' ? newestFirst : newestFirst.filter((row) => matchesListFilter(row, filter))).limit(limit).toArray();
  return { filter, rows: await codec().openSummaries(stored) };
}

/** How many list rows each filter shows, counted on the indexes of the clear fields (nothing decrypted). */
export async function listCounts(): Promise<Record<ListFilter, number>> {
  const s = db().summaries;
  // One count per key (anyOf would walk a cursor instead).
  const [processing, needsReview, approved, failed, cancelled, warned] = await Promise.all([
    s.where('state').equals('processing').count(),
    s.where('state').equals('needs review').count(),
    s.where('state').equals('approved').count(),
    s.where('state').equals('failed').count(),
    s.where('state').equals('cancelled').count(),
    s.where('flags').above(0).count(),
  ]);
  return { all: processing + needsReview + approved + failed + cancelled, 'needs review': needsReview, approved, failed: failed + cancelled, 'has warnings': warned };
}

/** Every job, newest drop first (read the same way as the list rows). */
export async function listJobs(): Promise<JobRow[]> {
  const rows = await codec().openJobs(await db().jobs.toArray());
  return rows.sort((a, b) => b.queuedAt - a.queuedAt || (a.id < b.id ? 1 : -1));
}

// Retention ----------------------------------------------------------------------------

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
    if (records.length) await deleteDocuments(records);

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

// The whole database -------------------------------------------------------------------

/**
 * Delete everything: the database is removed, files and all, and comes back empty at the
 * next use. Export templates and the settings mirror hold no patient data and are put back.
 */
export function wipeDatabase(): Promise<void> {
  return serial(async () => {
    const d = db();
    const [templates, settings] = await Promise.all([d.templates.toArray(), d.settings.toArray()]);
    await d.delete({ disableAutoOpen: false });
    await d.transaction('rw', [d.templates, d.settings], async () => {
      await d.templates.bulkPut(templates);
      await d.settings.bulkPut(settings);
    });
  });
}

export async function getDataKeyId(): Promise<string | null> {
  return (await db().meta.get('dataKeyId'))?.value ?? null;
}

export function setDataKeyId(keyId: string): Promise<void> {
  return serial(async () => {
    await db().meta.put({ key: 'dataKeyId', value: keyId });
  });
}

/** Whether the database holds any document (sealed or not). */
export async function hasDocuments(): Promise<boolean> {
  return (await db().documents.count()) > 0;
}

// Templates and settings ----------------------------------------------------------------

export function listTemplates(): Promise<TemplateRow[]> {
  return db().templates.orderBy('name').toArray();
}

export function saveTemplates(rows: TemplateRow[]): Promise<void> {
  return serial(async () => {
    await db().templates.bulkPut(rows);
  });
}

export function deleteTemplate(id: string): Promise<void> {
  return serial(async () => {
    await db().templates.delete(id);
  });
}

export async function getSettingsMirror(): Promise<Settings | undefined> {
  return (await db().settings.get('engine'))?.value;
}

/** The engine's settings as last seen, so the Settings screen has them before main answers. */
export function mirrorSettings(value: Settings): Promise<void> {
  return serial(async () => {
    await db().settings.put({ key: 'engine', value, updatedAt: Date.now() });
  });
}
