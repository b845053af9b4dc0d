import { availableParallelism, totalmem } from 'node:os';

/** Memory set aside per CPU worker: pdfjs and its heap (up to 512 MB under the cap), plus a document. */
const MEMORY_PER_WORKER = 2 * 1024 ** 3;
/** Past this, more threads add memory (pdfjs per thread) faster than they add speed for a practice's batches. */
const MAX_WORKERS = 8;

/**
 * CPU worker threads for this machine: one per core, as far as memory allows. The main
 * thread mostly waits (it hashes, schedules and moves results), so it needs no core of
 * its own. Measured on the 2-core build machine (bench:extract): a pool of 2 spends about
 * the single thread's CPU per document; the second thread buys throughput only where the
 * second core is free.
 */
export function defaultCpuThreads(cores = availableParallelism(), memory = totalmem()): number {
  return Math.max(1, Math.min(cores, MAX_WORKERS, Math.floor(memory / MEMORY_PER_WORKER)));
}
