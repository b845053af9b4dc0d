import { ApiCallError, getApi } from '../../api';
import type { RendererAuditEvent } from '../../../../main/core/contract/audit';

/**
 * Sends what people do in the app (viewed, edited, approved, exported, purged…) to main's
 * audit trail. Main stamps the time and the OS user; this only says what happened, in the
 * contract's terms (ids, field names, counts, file names). Events wait here while main
 * cannot be reached and go as soon as it can. An event main refuses as malformed can never
 * be accepted: it is dropped alone, so it cannot hold back the ones after it.
 */
const pending: RendererAuditEvent[] = [];
let sending: Promise<void> | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;

const BATCH = 500;
const RETRY_MS = 5_000;

export function reportAudit(...events: RendererAuditEvent[]): void {
  pending.push(...events);
  sending ??= send().finally(() => {
    sending = null;
  });
}

const malformed = (err: unknown) => err instanceof ApiCallError && err.code === 'ERR_BAD_REQUEST';

async function send(): Promise<void> {
  while (pending.length) {
    const batch = pending.slice(0, BATCH);
    try {
      await getApi().recordAudit({ events: batch });
      pending.splice(0, batch.length);
    } catch (err) {
      if (malformed(err)) {
        // One by one, keeping every event main accepts.
        pending.splice(0, batch.length);
        for (const event of batch) await getApi().recordAudit({ events: [event] }).catch(() => undefined);
        continue;
      }
      retry ??= setTimeout(() => {
        retry = null;
        if (pending.length) reportAudit();
      }, RETRY_MS);
      return;
    }
  }
}
