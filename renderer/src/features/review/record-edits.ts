import type { ScrRecord } from '../../core';
import type { EditedParts } from '../../db/records';
import type { FullRecord } from '../../db/rows';
import { pathAfterInsert as shiftPath, reindexAfterInsert as shiftForInsert, reindexAfterRemoval, reindexWarnings } from '../../lib/paths';
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

/** An item as it was removed, with where it was printed and the warnings about it, so it can be put back. */
export interface RemovedItem {
  list: ListKey;
  index: number;
  item: ScrRecord[ListKey][number];
  provenance: FullRecord['provenance'];
  confidence: FullRecord['confidence'];
  warnings: FullRecord['warnings'];
}

function belongsTo(path: string | undefined, list: string, index: number): boolean {
  return !!path && (path === `${list}.${index}` || path.startsWith(`${list}.${index}.`));
}

/** Keeps everything known about one item before it is removed (kept in memory only, for undo). */
export function takeOut(row: FullRecord, list: ListKey, index: number): RemovedItem {
  const pick = <V>(map: Record<string, V>) => Object.fromEntries(Object.entries(map).filter(([path]) => belongsTo(path, list, index)));
  return {
    list,
    index,
    item: structuredClone(row.record[list][index]!),
    provenance: pick(row.provenance),
    confidence: pick(row.confidence),
    warnings: row.warnings.filter((w) => belongsTo(w.path, list, index)),
  };
}

function movePath(path: string, list: string, from: number, to: number): string {
  return belongsTo(path, list, from) ? `${list}.${to}${path.slice(`${list}.${from}`.length)}` : path;
}

/**
 * Puts a removed item back at its place (or at the end, if the list has since become shorter),
 * with its source boxes, confidence and warnings, as if it had never been removed.
 */
export function restoreItem(row: FullRecord, removed: RemovedItem): EditedParts {
  const { list } = removed;
  const record = structuredClone(row.record);
  const items = record[list] as unknown[];
  const at = Math.min(removed.index, items.length);
  items.splice(at, 0, structuredClone(removed.item));
  const own = <V>(map: Record<string, V>) => Object.fromEntries(Object.entries(map).map(([path, v]) => [movePath(path, list, removed.index, at), v]));
  return {
    record,
    provenance: { ...shiftForInsert(row.provenance, list, at), ...own(removed.provenance) },
    confidence: { ...shiftForInsert(row.confidence, list, at), ...own(removed.confidence) },
    warnings: [
      ...row.warnings.map((w) => (w.path ? { ...w, path: shiftPath(w.path, list, at) } : w)),
      ...removed.warnings.map((w) => ({ ...w, path: movePath(w.path!, list, removed.index, at) })),
    ],
  };
}
