import { csvPieceLines, type CsvPiece } from './csv-records';

/**
 * An export's worker: opens a piece of the records and answers with their CSV lines. It
 * keeps nothing between pieces, and the page ends it when the export is done (or the app
 * locks), so neither the key nor a record outlives the export here.
 */
type Scope = { onmessage: ((e: MessageEvent<{ seq: number; piece: CsvPiece }>) => void) | null; postMessage(message: unknown): void };
const scope = globalThis as unknown as Scope;

scope.onmessage = (e) => {
  const { seq, piece } = e.data;
  csvPieceLines(piece).then(
    (lines) => scope.postMessage({ seq, lines }),
    (err: unknown) => scope.postMessage({ seq, error: err instanceof Error ? err.name : 'Error' }),
  );
};
