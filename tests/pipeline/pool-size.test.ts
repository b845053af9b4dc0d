import { describe, expect, it } from 'vitest';
import { defaultCpuThreads } from '../../main/core/pipeline/pool-size';

const GB = 1024 ** 3;

describe('defaultCpuThreads', () => {
  it.each([
    [2, 24 * GB, 2],
    [1, 8 * GB, 1],
    [4, 8 * GB, 4],
    [8, 8 * GB, 4],
    [32, 128 * GB, 8],
    [4, 1 * GB, 1],
  ])('%i cores, %d bytes → %i threads', (cores, memory, threads) => {
    expect(defaultCpuThreads(cores, memory)).toBe(threads);
  });
});
