import { DB_NAME } from '../../db/db-name';
import type { StoredRecord, StoredSummary } from '../../db/rows';

/**
 * Reads records and their list rows, as stored (sealed), straight from IndexedDB without
 * Dexie, so that an export's workers read their own share of the records: the page then
 * neither decodes 10,000 sealed records nor copies them on to the workers. Opens the
 * database as it is (no version given) and never creates or upgrades it.
 */
export function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    // Only when there is no database at all (deleted meanwhile): make none.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // Delete everything, or a newer schema in another tab: step aside at once.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('The database could not be opened.'));
    req.onblocked = () => reject(new Error('The database is being changed.'));
  });
}

export interface StoredChunk {
  records: StoredRecord[];
  /** The list rows with ids from the chunk's first record to its last (one per document). */
  summaries: StoredSummary[];
}

/**
 * Up to `count` records with ids from `from` to `to` (both included), after `after` when
 * given, with their list rows: one read-only transaction, so both are read as of one moment
 * (the second read is asked for from the first one's answer, while the transaction is live).
 */
export function readChunk(db: IDBDatabase, from: string, to: string, after: string | null, count: number): Promise<StoredChunk> {
  // The last chunk ended on the share's last id: nothing after it (and no such key range).
  if (after !== null && after >= to) return Promise.resolve({ records: [], summaries: [] });
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['records', 'summaries'], 'readonly');
    const failed = () => reject(tx.error ?? new Error('A read failed.'));
    tx.onerror = failed;
    tx.onabort = failed;
    const range = after === null ? IDBKeyRange.bound(from, to) : IDBKeyRange.bound(after, to, true, false);
    const recordsRead = tx.objectStore('records').getAll(range, count);
    recordsRead.onsuccess = () => {
      const records = recordsRead.result as StoredRecord[];
      if (records.length === 0) return resolve({ records, summaries: [] });
      const summariesRead = tx.objectStore('summaries').getAll(IDBKeyRange.bound(records[0]!.id, records[records.length - 1]!.id));
      summariesRead.onsuccess = () => resolve({ records, summaries: summariesRead.result as StoredSummary[] });
    };
  });
}
