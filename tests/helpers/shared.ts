import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * ../shared beside the project: extra input where present, never required. A user's clone
 * has none; tests that read it skip and say so.
 */
const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

export const SHARED_PRESENT = existsSync(SHARED);
/** ../shared/samples/scr with a trailing separator, or null. */
export const SHARED_SAMPLES_DIR: string | null = existsSync(`${SHARED}samples/scr`) ? `${SHARED}samples/scr/` : null;
/** ../shared/contract/scr-record.schema.json, or null. */
export const SHARED_CONTRACT_SCHEMA: string | null = existsSync(`${SHARED}contract/scr-record.schema.json`) ? `${SHARED}contract/scr-record.schema.json` : null;
export const SHARED_SKIP_NOTE = 'skipped: ../shared not present';
