import type { AuditAction } from '../../../../main/core/contract/audit';

/** The Audit screen's filters as staff set them: one action or all, and local days (YYYY-MM-DD, either may be empty). */
export interface AuditFilters {
  action: AuditAction | '';
  from: string;
  to: string;
}

/** Local midnight at the start of an ISO day, or undefined for an empty or malformed one. */
function startOfDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : undefined;
}

/** The listAudit query for these filters: the days as instants on this computer's clock, `to` taking in its whole day. */
export function auditQuery(f: AuditFilters): { action?: AuditAction; fromMs?: number; toMs?: number } {
  const out: { action?: AuditAction; fromMs?: number; toMs?: number } = {};
  if (f.action) out.action = f.action;
  const from = startOfDay(f.from);
  if (from !== undefined) out.fromMs = from;
  const to = startOfDay(f.to);
  if (to !== undefined) {
    const d = new Date(to);
    out.toMs = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  }
  return out;
}
