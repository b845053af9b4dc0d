import type { JobStatus } from '../../core/contract/job';
import type { Engine } from '../../core/engine/types';
import { log } from '../../core/log/logger';
import type { AuditLog } from './audit-log';

/**
 * Completed and failed, from the engine itself rather than from a page that may be closed:
 * one line each time a job reaches either end (a retried job that fails again is a new
 * line). Failures carry the error code, never its message.
 */
export function auditEngineOutcomes(engine: Pick<Engine, 'subscribe'>, audit: AuditLog): () => void {
  const ended = new Map<string, JobStatus>();
  return engine.subscribe((event) => {
    if (event.type === 'removed') {
      ended.delete(event.jobId);
      return;
    }
    if (event.type !== 'job') return;
    const { id, status } = event.job;
    if (status !== 'complete' && status !== 'failed') {
      if (status === 'queued' || status === 'running') ended.delete(id);
      return;
    }
    if (ended.get(id) === status) return;
    ended.set(id, status);
    try {
      audit.append(
        status === 'complete'
          ? { action: 'completed', documentId: id, detail: { extractor: event.job.extractor ?? 'unknown' } }
          : { action: 'failed', documentId: id, detail: { code: event.job.error?.code ?? 'unknown' } },
      );
    } catch (err) {
      log.error('audit line not written', { action: status, errName: err instanceof Error ? err.name : typeof err });
    }
  });
}
