import type { RendererAuditEvent } from '../../../main/core/contract/audit';
import { newJob } from '../core';
import { codec } from './codec';
import type { DocumentRow, EvidenceRow, JobRow, RecordRow } from './rows';
import { summarise } from './summary';

/**
 * What every writer to the database shares. Writes run one at a time (so a job event and a
 * result arriving together cannot interleave and leave a stale list row), rows pass through
 * the codec (sealed with the data key) before they are stored, and the changes people make
 * are reported to the audit trail, which main keeps. The aggregates beside this file
 * (documents, jobs, records, list, export, retention, templates) are the only writers.
 */
let queue: Promise<unknown> = Promise.resolve();

export function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

let actor = 'unknown user';

/** The signed-in user name (from main), stamped on every edit. */
export function setActor(userName: string): void {
  actor = userName || 'unknown user';
}

export function currentActor(): string {
  return actor;
}

let auditSink: (events: RendererAuditEvent[]) => void = () => undefined;

/** Where audit events go (features/audit sends them to main; tests may watch them). */
export function setAuditSink(sink: (events: RendererAuditEvent[]) => void): void {
  auditSink = sink;
}

export function report(...events: RendererAuditEvent[]): void {
  if (events.length) auditSink(events);
}

/** The job the renderer shows between the drop and the engine's first word about it. */
export function localJob(doc: Pick<DocumentRow, 'id' | 'sha256' | 'name' | 'size' | 'addedAt'>): JobRow {
  return newJob({ id: doc.id, sha256: doc.sha256 ?? '', name: doc.name, size: doc.size, queuedAt: doc.addedAt, priority: false });
}

/** A document's review-list row, sealed, from whichever of its rows exist. */
export function sealedSummary(doc: Pick<DocumentRow, 'id' | 'name' | 'addedAt'>, job: JobRow | undefined, record?: RecordRow, evidence?: EvidenceRow) {
  return codec().sealSummary(summarise(doc, job, record, evidence));
}
