import { DB_NAME } from '../../db/db-name';
import type { IdRange } from '../../db/export';
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
  /** The list rows with ids in the same range (one per document). */
  summaries: StoredSummary[];
}

/**
 * The records with ids in `piece`, with their list rows: one read-only transaction, so both
 * are read as of one moment, and both asked for at once.
 */
export function readChunk(db: IDBDatabase, piece: IdRange): Promise<StoredChunk> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['records', 'summaries'], 'readonly');
    const failed = () => reject(tx.error ?? new Error('A read failed.'));
    tx.onerror = failed;
    tx.onabort = failed;
    const range = IDBKeyRange.bound(piece.from, piece.to, false, !piece.toIncluded);
    const records = tx.objectStore('records').getAll(range);
    const summaries = tx.objectStore('summaries').getAll(range);
    tx.oncomplete = () => resolve({ records: records.result as StoredRecord[], summaries: summaries.result as StoredSummary[] });
  });
}
