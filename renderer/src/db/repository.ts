import type { ExtractionResult, Job, Settings } from '../core';
import { codec } from './codec';
import { db } from './database';
import type { AuditRow, DocumentRow, EditRow, EvidenceRow, FullRecord, JobRow, RecordRow, ReviewState, SummaryRow, TemplateRow } from './rows';
import { summarise } from './summary';

/**
 * The only module that writes to the database. Writes run one at a time (so a job event and
 * a result arriving together cannot interleave and leave a stale list row), rows pass through
 * the codec before they are stored, and every change people make leaves an audit row.
 */
let queue: Promise<unknown> = Promise.resolve();

function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

let actor = 'unknown user';

/** The signed-in user name (from main), stamped on every edit and audit row. */
export function setActor(userName: string): void {
  actor = userName || 'unknown user';
}

function auditRow(action: AuditRow['action'], documentId: string | null, detail = ''): AuditRow {
  return { at: Date.now(), who: actor, action, documentId, detail };
}

const UNFINISHED: ReadonlySet<Job['status']> = new Set(['queued', 'running']);

/** The job the renderer shows between the drop and the engine's first word about it. */
function localJob(doc: DocumentRow): JobRow {
  return {
    id: doc.id,
    sha256: doc.sha256 ?? '',
    name: doc.name,
    size: doc.size,
    status: 'queued',
    step: null,
    percent: 0,
    attempts: 0,
    error: null,
    queuedAt: doc.addedAt,
    startedAt: null,
    finishedAt: null,
    stepMs: {},
    usage: null,
    extractor: null,
    pages: null,
    duplicateOf: null,
    priority: false,
    waiting: null,
  };
}

async function sealedSummary(doc: DocumentRow, job: JobRow | undefined, record?: RecordRow, evidence?: EvidenceRow): Promise<SummaryRow> {
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
    const sealed = await Promise.all(docs.map((d) => codec().sealDocument(d)));
    const jobs = docs.map(localJob);
    const summaries = await Promise.all(docs.map((d, i) => sealedSummary(d, jobs[i], undefined)));
    const d = db();
    await d.transaction('rw', [d.documents, d.jobs, d.summaries, d.audit], async () => {
      await d.documents.bulkAdd(sealed);
      await d.jobs.bulkAdd(jobs);
      await d.summaries.bulkPut(summaries);
      await d.audit.bulkAdd(docs.map((doc) => auditRow('submitted', doc.id)));
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

/** The earliest other document with the same bytes, if any. */
export async function findDuplicate(sha256: string, exceptId: string): Promise<DocumentRow | undefined> {
  const matches = await db().documents.where('sha256').equals(sha256).sortBy('addedAt');
  const match = matches.find((m) => m.id !== exceptId);
  return match ? codec().openDocument(match) : undefined;
}

export async function getDocument(id: string): Promise<DocumentRow | undefined> {
  const row = await db().documents.get(id);
  return row ? codec().openDocument(row) : undefined;
}

/** Removes a document with its job, record, edits and list row. */
export function removeDocuments(ids: string[]): Promise<void> {
  return serial(async () => {
    const d = db();
    await d.transaction('rw', [d.documents, d.jobs, d.records, d.evidence, d.summaries, d.edits, d.audit], async () => {
      await d.documents.bulkDelete(ids);
      await d.jobs.bulkDelete(ids);
      await d.records.bulkDelete(ids);
      await d.evidence.bulkDelete(ids);
      await d.summaries.bulkDelete(ids);
      await d.edits.where('recordId').anyOf(ids).delete();
      await d.audit.bulkAdd(ids.map((id) => auditRow('removed', id)));
    });
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
    const [docs, before, recorded] = await Promise.all([d.documents.bulkGet(ids), d.jobs.bulkGet(ids), d.records.where(':id').anyOf(ids).primaryKeys()]);
    const hasRecord = new Set(recorded as string[]);
    const puts: JobRow[] = [];
    const summaries: SummaryRow[] = [];
    const audits: AuditRow[] = [];
    for (let i = 0; i < ids.length; i++) {
      const doc = docs[i];
      const job = latest.get(ids[i]!)!;
      if (!doc) continue;
      // The inbox lists documents in the order they were dropped: keep the drop time.
      puts.push({ ...job, queuedAt: doc.addedAt });
      // Once a record exists the list row follows the record, not the job.
      if (!hasRecord.has(ids[i]!)) summaries.push(await sealedSummary(await codec().openDocument(doc), job));
      const was = before[i]?.status;
      if (was !== job.status && (job.status === 'complete' || job.status === 'failed')) {
        audits.push(auditRow(job.status === 'complete' ? 'completed' : 'failed', job.id, job.error?.code ?? ''));
      }
    }
    await d.transaction('rw', [d.jobs, d.summaries, d.audit], async () => {
      await d.jobs.bulkPut(puts);
      if (summaries.length) await d.summaries.bulkPut(summaries);
      if (audits.length) await d.audit.bulkAdd(audits);
    });
  });
}

export async function unfinishedJobs(): Promise<JobRow[]> {
  return db().jobs.where('status').anyOf([...UNFINISHED]).toArray();
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
    const jobs = (await d.jobs.bulkGet(ids)).filter((j): j is JobRow => !!j);
    await d.jobs.bulkPut(jobs.map((j) => ({ ...j, status: 'complete', step: null, percent: 100, waiting: null, finishedAt: j.finishedAt ?? Date.now() })));
  });
}

/** Complete jobs whose result never reached the database (the page closed in between). */
export async function completeJobsWithoutRecord(): Promise<JobRow[]> {
  const d = db();
  const [complete, recorded] = await Promise.all([d.jobs.where('status').equals('complete').primaryKeys(), d.records.toCollection().primaryKeys()]);
  const have = new Set(recorded as string[]);
  const missing = (complete as string[]).filter((id) => !have.has(id));
  return (await d.jobs.bulkGet(missing)).filter((j): j is JobRow => !!j);
}

// Records ------------------------------------------------------------------------------

/**
 * Keeps the first result for a document and ignores any later one: a resubmitted job can
 * only ever produce one record, and a result never overwrites staff's corrections.
 */
export function saveResult(id: string, result: ExtractionResult): Promise<boolean> {
  return serial(async () => {
    const d = db();
    const [doc, job, existing] = await Promise.all([d.documents.get(id), d.jobs.get(id), d.records.get(id)]);
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
    const [sealed, sealedEvidence] = await Promise.all([codec().sealRecord(row), codec().sealEvidence(evidence)]);
    const summary = await sealedSummary(await codec().openDocument(doc), job, row, evidence);
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
  const doc = await getDocument(full.id);
  if (!doc) throw new Error('The record is no longer here.');
  const { row, evidence } = split(full);
  const [sealed, sealedEvidence] = await Promise.all([codec().sealRecord(row), codec().sealEvidence(evidence)]);
  const d = db();
  const summary = await sealedSummary(doc, await d.jobs.get(full.id), row, evidence);
  const tables = [d.records, d.evidence, d.summaries, d.audit, ...extraTables.map((t) => d[t] as unknown as typeof d.audit)];
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
        // The field's name only: the audit trail never holds clinical values.
        await d.audit.add(auditRow('edited', id, `${change.kind} ${change.path}`));
      },
      ['edits'],
    );
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
    await writeFull(next, (d) => d.audit.add(auditRow(state === 'approved' ? 'approved' : 'reopened', id)), []);
  });
}

export interface ExportRow {
  row: RecordRow;
  fileName: string;
  /** Warnings and unsure values the record had (the list's flag count). */
  flags: number;
}

/** Records for export, in the order their documents were added, with their file names. */
export async function recordsForExport(approvedOnly: boolean, limit?: number): Promise<ExportRow[]> {
  const d = db();
  let rows: RecordRow[];
  if (limit !== undefined) {
    // A preview: walk the list rows in order and fetch only the first few records.
    const ids: string[] = [];
    await d.summaries
      .orderBy('addedAt')
      .until(() => ids.length >= limit)
      .each((s) => {
        if (s.state === 'approved' || (!approvedOnly && s.state === 'needs review')) ids.push(s.id);
      });
    rows = (await d.records.bulkGet(ids)).filter((r): r is RecordRow => !!r);
  } else {
    rows = approvedOnly ? await d.records.where('reviewState').equals('approved').toArray() : await d.records.toArray();
  }
  const opened = await Promise.all(rows.map((r) => codec().openRecord(r)));
  const summaries = await codec().openSummaries(
    limit !== undefined ? (await d.summaries.bulkGet(opened.map((r) => r.id))).filter((s): s is SummaryRow => !!s) : await d.summaries.toArray(),
  );
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return opened
    .map((row) => {
      const summary = byId.get(row.id);
      return { row, fileName: summary?.fileName ?? '', flags: summary?.flags ?? 0, addedAt: summary?.addedAt ?? 0 };
    })
    .sort((a, b) => a.addedAt - b.addedAt || a.row.id.localeCompare(b.row.id))
    .map(({ row, fileName, flags }) => ({ row, fileName, flags }));
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

/** Every job, newest drop first (read the same way as the list rows). */
export async function listJobs(): Promise<JobRow[]> {
  const rows = await db().jobs.toArray();
  return rows.sort((a, b) => b.queuedAt - a.queuedAt || (a.id < b.id ? 1 : -1));
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

export function audit(action: AuditRow['action'], documentId: string | null, detail = ''): Promise<void> {
  return serial(async () => {
    await db().audit.add(auditRow(action, documentId, detail));
  });
}
