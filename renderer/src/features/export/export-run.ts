/// <reference types="vite/client" />
import type { CsvTemplate } from '../../core';
import { codec, DataLockedError } from '../../db/codec';
import { exportPlan, storedRecordChunks } from '../../db/export';
import type { StoredRecord } from '../../db/rows';
import { csvPieceLines, pieceRow, type CsvPiece, type CsvPieceRow } from './csv-records';
// The worker's own bundle, by URL (new Worker(new URL(…)) would pull pdf.js into the app's first script).
import workerUrl from './csv-worker.ts?worker&url';
import { csvStart } from './export-csv';

/**
 * Records read at a time (IndexedDB reads a few large ranges faster than many small ones),
 * each read split into one piece per worker so that both work on it at once.
 */
const READ = 2500;
/** Workers: opening and writing 10,000 records is the heavy part, and it divides evenly. */
const WORKERS = 2;

interface Pool {
  size: number;
  run(piece: CsvPiece): Promise<string[]>;
  close(): void;
}

interface Slot {
  worker: Worker | null;
  waiting: Map<number, { piece: CsvPiece; resolve(lines: string[]): void; reject(err: Error): void }>;
}

/** In the page instead, where a worker cannot start (or stops): the same function, the same lines. */
function inPage(slot: Slot): void {
  slot.worker?.terminate();
  slot.worker = null;
  for (const w of slot.waiting.values()) csvPieceLines(w.piece).then(w.resolve, w.reject);
  slot.waiting.clear();
}

function workerPool(): Pool {
  if (typeof Worker === 'undefined') return { size: 1, run: csvPieceLines, close: () => undefined };
  const count = Math.max(1, Math.min(WORKERS, navigator.hardwareConcurrency || WORKERS));
  let seq = 0;
  let turn = 0;
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const slot: Slot = { worker: null, waiting: new Map() };
    try {
      slot.worker = new Worker(workerUrl, { type: 'module', name: 'scr-export' });
      slot.worker.onmessage = (e: MessageEvent<{ seq: number; lines?: string[]; error?: string }>) => {
        const w = slot.waiting.get(e.data.seq);
        if (!w) return;
        slot.waiting.delete(e.data.seq);
        if (e.data.lines) w.resolve(e.data.lines);
        else w.reject(Object.assign(new Error('A record could not be opened for the export.'), { name: e.data.error ?? 'Error' }));
      };
      slot.worker.onerror = () => inPage(slot);
    } catch {
      slot.worker = null;
    }
    slots.push(slot);
  }
  return {
    size: count,
    run(piece) {
      const slot = slots[turn++ % slots.length]!;
      const worker = slot.worker;
      if (!worker) return csvPieceLines(piece);
      return new Promise((resolve, reject) => {
        const id = ++seq;
        slot.waiting.set(id, { piece, resolve, reject });
        worker.postMessage({ seq: id, piece });
      });
    },
    close() {
      for (const slot of slots) {
        slot.worker?.terminate();
        slot.worker = null;
      }
    },
  };
}

export interface BuiltExport {
  /** The whole file, exactly as buildCsv would write it over the same records. */
  content: string;
  /** The records in it, in its order. */
  ids: string[];
}

/**
 * A full export: the records are read from IndexedDB a piece at a time, and each piece is
 * opened and written as CSV by one of two workers while the next piece is read, so reading,
 * decrypting and writing overlap and use both cores. Each record's lines go back to its
 * place in the list's order (the order its document was added). Only the records are read,
 * never what they were read from. Stops with DataLockedError if the app locks meanwhile.
 * `newOnly`: only records that have never gone into a CSV.
 */
export async function buildExport(template: CsvTemplate, approvedOnly: boolean, newOnly = false): Promise<BuiltExport> {
  const open = codec();
  const key = open.keyForWorker();
  const start = csvStart(template);
  const pool = workerPool();
  const pieces: Promise<void>[] = [];
  let chunks: AsyncGenerator<StoredRecord[]> | null = null;
  try {
    // The first records are read while the order is worked out.
    chunks = storedRecordChunks(READ);
    const [plan, first] = await Promise.all([exportPlan(), chunks.next()]);
    const at = new Map(plan.map((p, i) => [p.id, i]));
    const lines = new Array<string | undefined>(plan.length);
    // A record without its list row (not expected) still goes out, first, as it always did.
    const unlisted: { id: string; text: string }[] = [];
    for (let read = first; !read.done; read = await chunks.next()) {
      const chunk = read.value;
      if (codec() !== open) throw new DataLockedError();
      const rows: CsvPieceRow[] = [];
      for (const r of chunk) {
        if (approvedOnly && r.reviewState !== 'approved') continue;
        // Only records never exported before: exportedAt is in the clear, nothing to open.
        if (newOnly && r.exportedAt) continue;
        rows.push(pieceRow(r, plan[at.get(r.id) ?? -1]));
      }
      const size = Math.ceil(rows.length / pool.size);
      for (let from = 0; from < rows.length; from += size) {
        const part = rows.slice(from, from + size);
        pieces.push(
          pool.run({ key, template, start, rows: part }).then((out) => {
            out.forEach((text, k) => {
              const id = part[k]!.id;
              const i = at.get(id);
              if (i === undefined) unlisted.push({ id, text });
              else lines[i] = text;
            });
          }),
        );
      }
    }
    // Read by the benchmark (npm run bench:ui): every record read.
    performance.mark('scr:export:read');
    await Promise.all(pieces);
    if (codec() !== open) throw new DataLockedError();
    unlisted.sort((a, b) => a.id.localeCompare(b.id));
    const ids = [...unlisted.map((u) => u.id), ...plan.filter((_, i) => lines[i] !== undefined).map((p) => p.id)];
    return { content: start + unlisted.map((u) => u.text).join('') + lines.join(''), ids };
  } finally {
    void chunks?.return(undefined);
    pool.close();
    for (const p of pieces) p.catch(() => undefined);
  }
}
