import { ensureSampleSet } from '../fixtures/generator/sample-set';

/**
 * Vitest global setup: builds the project's own sample set (tests/fixtures/generator,
 * cached in tests/.generated) before any test file loads, so that helpers can name its
 * files synchronously. ../shared is never needed.
 */
export default async function setup(): Promise<void> {
  await ensureSampleSet();
}
