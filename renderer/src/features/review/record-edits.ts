import type { ScrRecord } from '../../core';
import type { EditedParts } from '../../db/records';
import type { FullRecord } from '../../db/rows';
import { reindexAfterRemoval, reindexWarnings } from '../../lib/paths';
import { emptyItem, type ListKey } from './fields';

export function readPath(record: ScrRecord, path: string): unknown {
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function writePath(record: ScrRecord, path: string, value: unknown): ScrRecord {
  const next = structuredClone(record);
  const parts = path.split('.');
  let node = next as unknown as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
  return next;
}

/**
 * A person has set this value: it is now as certain as it gets, and the extractor's
 * warnings about it no longer apply. Where it was printed (provenance) stays, for reference.
 */
export function setValue(row: FullRecord, path: string, value: unknown): EditedParts {
  const confidence = { ...row.confidence };
  if (path in confidence) confidence[path] = 1;
  return {
    record: writePath(row.record, path, value),
    provenance: row.provenance,
    confidence,
    warnings: row.warnings.filter((w) => w.path !== path),
  };
}

export function addItem(row: FullRecord, list: ListKey): EditedParts {
  const record = structuredClone(row.record);
  (record[list] as unknown[]).push(emptyItem(list));
  return { record, provenance: row.provenance, confidence: row.confidence, warnings: row.warnings };
}

export function removeItem(row: FullRecord, list: ListKey, index: number): EditedParts {
  const record = structuredClone(row.record);
  (record[list] as unknown[]).splice(index, 1);
  return {
    record,
    provenance: reindexAfterRemoval(row.provenance, list, index),
    confidence: reindexAfterRemoval(row.confidence, list, index),
    warnings: reindexWarnings(row.warnings, list, index),
  };
}
