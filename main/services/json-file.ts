import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * Small JSON files in the app's data folder (settings, window bounds, token usage). Read
 * through a zod schema, so a hand-edited or damaged file falls back to the default rather
 * than reaching the app; written to a temporary file and renamed, so a crash mid-write
 * never leaves half a file. Owner-only permissions where the OS has them.
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S): z.output<S> | null {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeJsonFile(path: string, value: unknown): void {
  writeFileAtomically(path, JSON.stringify(value, null, 2) + '\n');
}

export function writeFileAtomically(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}
