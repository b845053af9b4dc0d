import { Dexie, type Table, type Transaction } from 'dexie';
import type { AuditRow, DocumentRow, EditRow, EvidenceRow, JobRow, RecordRow, SettingsRow, SummaryRow, TemplateRow } from './rows';
import { summarise } from './summary';

export const DB_NAME = 'scr-extract';

/**
 * Every schema the database has had, oldest first. A version is never edited once shipped:
 * a change is a new entry with an upgrade that carries the rows already on practice machines
 * forward. Dexie runs the upgrades in order from whatever version the machine has.
 */
const VERSIONS: { version: number; stores: Record<string, string | null>; upgrade?: (tx: Transaction) => Promise<void> }[] = [
  {
    version: 1,
    stores: {
      documents: 'id, sha256, addedAt',
      jobs: 'id, status, queuedAt',
      records: 'id, reviewState, updatedAt, approvedAt',
      evidence: 'id',
      edits: '++seq, recordId, at',
      templates: 'id, name',
      settings: 'key',
    },
  },
  {
    // v2: a small per-document row for the review list, so that 10,000 records can be listed
    // and filtered without loading every record with its provenance; and the audit trail.
    version: 2,
    stores: {
      summaries: 'id, state, addedAt',
      audit: '++seq, at, action, documentId',
    },
    upgrade: buildSummaries,
  },
];

async function buildSummaries(tx: Transaction): Promise<void> {
  const [docs, jobs, records, evidence] = await Promise.all([
    tx.table<DocumentRow, string>('documents').toArray(),
    tx.table<JobRow, string>('jobs').toArray(),
    tx.table<RecordRow, string>('records').toArray(),
    tx.table<EvidenceRow, string>('evidence').toArray(),
  ]);
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const recordById = new Map(records.map((r) => [r.id, r]));
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  await tx
    .table<SummaryRow, string>('summaries')
    .bulkPut(docs.map((d) => summarise(d, jobById.get(d.id), recordById.get(d.id), evidenceById.get(d.id))));
}

export const SCHEMA_VERSION = VERSIONS[VERSIONS.length - 1]!.version;

export class ScrDatabase extends Dexie {
  documents!: Table<DocumentRow, string>;
  jobs!: Table<JobRow, string>;
  records!: Table<RecordRow, string>;
  evidence!: Table<EvidenceRow, string>;
  edits!: Table<EditRow, number>;
  templates!: Table<TemplateRow, string>;
  settings!: Table<SettingsRow, string>;
  summaries!: Table<SummaryRow, string>;
  audit!: Table<AuditRow, number>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1], upTo = SCHEMA_VERSION) {
    super(name, options);
    for (const v of VERSIONS) {
      if (v.version > upTo) break;
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}
