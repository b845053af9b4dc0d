import { Dexie, type Table, type Transaction } from 'dexie';
import type {
  DocumentRow,
  EvidenceRow,
  JobRow,
  MetaRow,
  RecordRow,
  SettingsRow,
  StoredDocument,
  StoredEdit,
  StoredEvidence,
  StoredJob,
  StoredRecord,
  StoredSummary,
  SummaryRow,
  TemplateRow,
} from './rows';
import { DB_NAME } from './db-name';
import { summarise } from './summary';

export { DB_NAME };

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
  {
    // v3, encryption at rest: rows are sealed by the repository after unlock (rows written
    // in the clear by v1/v2 are sealed then too, see seal-legacy.ts: sealing awaits WebCrypto,
    // which an upgrade transaction cannot). `meta` says which data key sealed the database;
    // records gain exportedAt for retention; the audit trail moved to main (an append-only
    // file the page cannot rewrite), so the v2 table goes.
    version: 3,
    stores: {
      records: 'id, reviewState, updatedAt, approvedAt, exportedAt',
      meta: 'key',
      audit: null,
    },
  },
  {
    // v4: the list rows' flag count indexed (it is in the clear), so the review list can
    // count "has warnings" and show its first rows at app start without opening every row.
    version: 4,
    stores: {
      summaries: 'id, state, addedAt, flags',
    },
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
  documents!: Table<StoredDocument, string>;
  jobs!: Table<StoredJob, string>;
  records!: Table<StoredRecord, string>;
  evidence!: Table<StoredEvidence, string>;
  edits!: Table<StoredEdit, number>;
  templates!: Table<TemplateRow, string>;
  settings!: Table<SettingsRow, string>;
  summaries!: Table<StoredSummary, string>;
  meta!: Table<MetaRow, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1], upTo = SCHEMA_VERSION) {
    super(name, options);
    for (const v of VERSIONS) {
      if (v.version > upTo) break;
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}
