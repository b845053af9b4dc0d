import { readDocumentText } from '../pdf/read-text';
import { readPatientSummary } from '../classify/classify';
import type { CpuTask, ExtractOutput, ReadProgress } from './cpu-protocol';
import type { DocumentText } from '../contract/text';

/**
 * Runs in a piscina worker thread: PDF parsing and the rules extractor, the CPU-bound steps.
 * Errors thrown here reach the pool as plain objects carrying `code`, which toJobError reads.
 */
export default async function handle(task: CpuTask): Promise<DocumentText | ExtractOutput> {
  switch (task.kind) {
    case 'read': {
      const port = task.progress;
      try {
        return await readDocumentText(task.bytes, {
          maxPages: task.maxPages,
          onPage: port ? (done, total) => port.postMessage({ done, total } satisfies ReadProgress) : undefined,
        });
      } catch (err) {
        throw plainError(err);
      } finally {
        port?.close();
      }
    }
    case 'extract': {
      return readPatientSummary(task.text);
    }
  }
}

// Structured clone drops an Error subclass's own fields; keep the ones the pool needs.
function plainError(err: unknown): unknown {
  if (err && typeof err === 'object' && 'code' in err) {
    const e = err as { code: unknown; message?: unknown; reason?: unknown; retryable?: unknown; name?: unknown };
    return { name: e.name, code: e.code, message: e.message, reason: e.reason, retryable: e.retryable };
  }
  return err;
}
