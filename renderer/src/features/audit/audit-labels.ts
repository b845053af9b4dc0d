import type { AuditAction, AuditEvent } from '../../../../main/core/contract/audit';

/** Each action in plain words, as the Audit screen and its CSV say it. */
export const ACTION_LABEL: Record<AuditAction, string> = {
  submitted: 'Document added',
  completed: 'Document read',
  failed: 'Document could not be read',
  viewed: 'Record viewed',
  edited: 'Field changed',
  approved: 'Record approved',
  reopened: 'Record sent back for review',
  removed: 'Document removed',
  exported: 'Records exported',
  'export-marked-late': 'Records in an export folder file marked exported at the next start',
  purged: 'Deleted by retention',
  'deleted-everything': 'Everything deleted',
  'settings-changed': 'Settings changed',
  'key-set': 'AI key saved',
  'key-cleared': 'AI key removed',
  'data-key-created': 'Encryption key created',
  'data-key-unlocked': 'Records opened (passphrase or system key)',
  'data-key-refused': 'Wrong passphrase',
  locked: 'App locked',
  unlocked: 'App unlocked',
  'unlock-refused': 'Wrong passcode',
  'passcode-set': 'Lock passcode set',
  'passcode-removed': 'Lock passcode removed',
  'audit-exported': 'Audit trail exported',
};

const KEY_LABEL: Record<string, string> = {
  field: 'field',
  change: 'change',
  count: 'count',
  template: 'template',
  fileName: 'file',
  scope: 'which records',
  newOnly: 'only records not exported before',
  to: 'written to',
  what: 'what',
  reason: 'reason',
  documentIds: 'documents',
  code: 'error',
  extractor: 'read by',
  keys: 'settings',
  method: 'key kept by',
  persisted: 'kept after restart',
  processAgain: 'processed again',
  changed: 'changed',
  jobs: 'jobs',
  while: 'while',
};

/** The detail as one line: "count: 12; template: Patients; file: scr-export.csv". */
export function describeDetail(event: Pick<AuditEvent, 'detail'>): string {
  return Object.entries(event.detail)
    .map(([k, v]) => `${KEY_LABEL[k] ?? k}: ${Array.isArray(v) ? (v.length > 5 ? `${v.slice(0, 5).join(', ')} and ${v.length - 5} more` : v.join(', ')) : String(v)}`)
    .join('; ');
}
