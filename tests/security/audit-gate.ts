/**
 * The supply-chain rule: `npm audit --omit=dev` may report no high or critical finding
 * that is not explained in docs/security-audit.md under a heading naming the package
 * (`### <package>`). Kept apart from the test so the rule itself is tested with fixtures.
 */
export type AuditVerdict =
  | { status: 'checked'; counts: Record<string, number>; unexplained: string[] }
  | { status: 'unreachable'; reason: string };

interface AuditReport {
  vulnerabilities?: Record<string, { name?: string; severity?: string }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  error?: { code?: string; summary?: string };
}

export function judgeAudit(output: string, explanations: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { status: 'unreachable', reason: 'npm audit printed no JSON' };
  }
  if (!report.vulnerabilities) {
    const reason = report.message ?? report.error?.summary ?? report.error?.code ?? 'no audit report';
    return { status: 'unreachable', reason };
  }
  const explained = (name: string) => new RegExp(`^###\\s+${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`, 'm').test(explanations);
  const unexplained = Object.entries(report.vulnerabilities)
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name]) => name)
    .filter((name) => !explained(name));
  return { status: 'checked', counts: report.metadata?.vulnerabilities ?? {}, unexplained };
}
