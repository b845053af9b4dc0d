import { exportShareLines, type ExportShare } from './csv-records';

/**
 * An export's worker: reads its share of the records from IndexedDB, opens them and answers
 * with their CSV lines (saying first when its last records are read). It keeps nothing
 * between shares, and the page ends it when the export is done (or the app locks), so
 * neither the key nor a record outlives the export here.
 */
type Scope = { onmessage: ((e: MessageEvent<{ seq: number; share: ExportShare }>) => void) | null; postMessage(message: unknown): void };
const scope = globalThis as unknown as Scope;

scope.onmessage = (e) => {
  const { seq, share } = e.data;
  exportShareLines(share, () => scope.postMessage({ seq, read: true })).then(
    (lines) => scope.postMessage({ seq, lines }),
    (err: unknown) => scope.postMessage({ seq, error: err instanceof Error ? err.name : 'Error' }),
  );
};
