/// <reference types="vite/client" />
import type { CsvTemplate } from '../../core';
import { codec, DataLockedError } from '../../db/codec';
import { recordIdShares } from '../../db/export';
import { exportShareLines, type ExportedLines, type ExportShare } from './csv-records';
// The worker's own bundle, by URL (new Worker(new URL(…)) would pull pdf.js into the app's first script).
import workerUrl from './csv-worker.ts?worker&url';
import { csvStart } from './export-csv';

/** Workers: reading, opening and writing 10,000 records is the heavy part, and it divides evenly. */
const WORKERS = 2;
/** Records a worker reads at a time (with their list rows). */
const PIECE = 500;
/** How often a running export looks whether the app has locked (it then stops at once). */
const LOCK_CHECK_MS = 50;

interface Pool {
  size: number;
  /** `onRead`: its share's last records have been read (the rest is opening and writing). */
  run(share: ExportShare, onRead: () => void): Promise<ExportedLines[]>;
  close(): void;
}

interface Waiting {
  share: ExportShare;
  onRead(): void;
  resolve(lines: ExportedLines[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker | null;
  waiting: Map<number, Waiting>;
}

/** In the page instead, where a worker cannot start (or stops): the same function, the same lines. */
function inPage(slot: Slot): void {
  slot.worker?.terminate();
  slot.worker = null;
  for (const w of slot.waiting.values()) exportShareLines(w.share, w.onRead).then(w.resolve, w.reject);
  slot.waiting.clear();
}

function workerPool(): Pool {
  if (typeof Worker === 'undefined') return { size: 1, run: exportShareLines, close: () => undefined };
  const count = Math.max(1, Math.min(WORKERS, navigator.hardwareConcurrency || WORKERS));
  let seq = 0;
  let turn = 0;
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const slot: Slot = { worker: null, waiting: new Map() };
    try {
      slot.worker = new Worker(workerUrl, { type: 'module', name: 'scr-export' });
      slot.worker.onmessage = (e: MessageEvent<{ seq: number; read?: true; lines?: ExportedLines[]; error?: string }>) => {
        const w = slot.waiting.get(e.data.seq);
        if (!w) return;
        if (e.data.read) return w.onRead();
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
    run(share, onRead) {
      const slot = slots[turn++ % slots.length]!;
      const worker = slot.worker;
      if (!worker) return exportShareLines(share, onRead);
      return new Promise((resolve, reject) => {
        const id = ++seq;
        slot.waiting.set(id, { share, onRead, resolve, reject });
        worker.postMessage({ seq: id, share });
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

/** Rejects with DataLockedError as soon as the app locks (the codec changes) while an export runs. */
function whenLocked(open: unknown): { locked: Promise<never>; stop(): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  const locked = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (codec() !== open) reject(new DataLockedError());
    }, LOCK_CHECK_MS);
  });
  locked.catch(() => undefined);
  return { locked, stop: () => clearInterval(timer) };
}

export interface BuiltExport {
  /** The whole file, exactly as buildCsv would write it over the same records. */
  content: string;
  /** The records in it, in its order. */
  ids: string[];
}

/**
 * A full export: the record ids are split into one share per worker, and each worker reads
 * its share from IndexedDB a chunk at a time, opens it and writes its CSV lines, so reading,
 * decrypting and writing overlap and use both cores while the page stays free. Each
 * record's lines then go to its place in the list's order (the order its document was
 * added, ties by id; a record without a list row first). Only the records and their list
 * rows are read, never what they were read from. Stops with DataLockedError if the app
 * locks meanwhile. `newOnly`: only records that have never gone into a CSV.
 */
export async function buildExport(template: CsvTemplate, approvedOnly: boolean, newOnly = false): Promise<BuiltExport> {
  const open = codec();
  const key = open.keyForWorker();
  const openedFileNames = open.openedFileNames();
  const start = csvStart(template);
  const pool = workerPool();
  const lock = whenLocked(open);
  try {
    const shares = await Promise.race([recordIdShares(pool.size, PIECE), lock.locked]);
    let reading = shares.length;
    const allRead = () => {
      // Read by the benchmark (npm run bench:ui): every record read.
      if (--reading === 0) performance.mark('scr:export:read');
    };
    if (reading === 0) performance.mark('scr:export:read');
    const parts = await Promise.race([
      Promise.all(shares.map((pieces) => pool.run({ key, template, pieces, openedFileNames, approvedOnly, newOnly }, allRead))),
      lock.locked,
    ]);
    if (codec() !== open) throw new DataLockedError();
    const lines = parts.flat();
    const unlisted = lines.filter((l) => l.addedAt === null).sort((a, b) => a.id.localeCompare(b.id));
    const listed = lines.filter((l) => l.addedAt !== null).sort((a, b) => a.addedAt! - b.addedAt! || a.id.localeCompare(b.id));
    const ordered = [...unlisted, ...listed];
    return { content: start + ordered.map((l) => l.text).join(''), ids: ordered.map((l) => l.id) };
  } finally {
    lock.stop();
    pool.close();
  }
}
