import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../json-file';

/**
 * The files of the watched folder already handed to the app, kept in the data folder so a
 * restart does not hand them over again. A file is known by its path, size and modification
 * time, so one saved again with new content counts as new. Only a hash of those is kept:
 * file names often name the patient, and the data folder holds no patient data.
 */
export const SEEN_FILE = 'watched-folder-seen.json';
/** Oldest forgotten first beyond this; a practice's folder sees far fewer files in a retention period. */
export const MAX_SEEN = 100_000;

const SeenSchema = z.object({ v: z.literal(1), keys: z.array(z.string().regex(/^[a-f0-9]{64}$/)) });

export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface SeenFiles {
  has(file: FileIdentity): boolean;
  add(files: FileIdentity[]): void;
}

export function fileKey(file: FileIdentity): string {
  return createHash('sha256').update(`${file.path}\u0000${file.size}\u0000${Math.round(file.mtimeMs)}`).digest('hex');
}

export function createSeenFiles(dataDir: string): SeenFiles {
  const path = join(dataDir, SEEN_FILE);
  const keys = new Set(readJsonFile(path, SeenSchema)?.keys ?? []);
  return {
    has: (file) => keys.has(fileKey(file)),
    add(files) {
      if (files.length === 0) return;
      for (const f of files) keys.add(fileKey(f));
      while (keys.size > MAX_SEEN) keys.delete(keys.values().next().value!);
      // Written before the files are handed over: a crash after this loses at most the
      // hand-over (the file stays in the folder, untouched), never submits it twice.
      writeJsonFile(path, { v: 1, keys: [...keys] });
    },
  };
}
