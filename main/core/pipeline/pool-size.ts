import { availableParallelism } from 'node:os';

/**
 * CPU worker threads for this machine: one per core. The main thread mostly waits (it
 * hashes, schedules and moves results), so it does not need a core of its own.
 */
export function defaultCpuThreads(): number {
  return Math.max(1, availableParallelism());
}
