import { join } from 'node:path';
import { z } from 'zod';
import type { UsageStore } from '../core/engine/types';
import { readJsonFile, writeJsonFile } from './json-file';

const UsageSchema = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.number().nonnegative());

/** Tokens used per local day, kept between runs so the daily budget survives a restart. */
export function createUsageStore(dataDir: string): UsageStore {
  const path = join(dataDir, 'token-usage.json');
  return {
    load: () => readJsonFile(path, UsageSchema) ?? {},
    save: (usage) => writeJsonFile(path, usage),
  };
}
