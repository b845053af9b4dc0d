import type { RemovedItem } from './record-edits';

/**
 * Every removal from one list since the record was opened, oldest first, for undo. They are
 * undone newest first: each item's place was taken from the list as it was just before it
 * was removed, which is the list as it is again once every later removal has been undone,
 * so each comes back exactly where it was, however the places after it shifted meanwhile.
 * Kept in memory only, for this view: leaving the record ends it.
 */
export interface Removals {
  recordId: string | null;
  items: readonly RemovedItem[];
}

export const NO_REMOVALS: Removals = { recordId: null, items: [] };

export type RemovalEvent = { kind: 'removed'; recordId: string; item: RemovedItem } | { kind: 'restored'; recordId: string; item: RemovedItem };

export function nextRemovals(state: Removals, event: RemovalEvent): Removals {
  if (event.kind === 'removed') return { recordId: event.recordId, items: state.recordId === event.recordId ? [...state.items, event.item] : [event.item] };
  // Only the newest can have been restored: anything else is a stale answer, and changes nothing.
  if (state.recordId !== event.recordId || state.items[state.items.length - 1] !== event.item) return state;
  return { recordId: state.recordId, items: state.items.slice(0, -1) };
}

/** The removal Undo puts back next, and how many earlier ones wait behind it. */
export function nextUndo(state: Removals, recordId: string): { item: RemovedItem; earlier: number } | null {
  if (state.recordId !== recordId || state.items.length === 0) return null;
  return { item: state.items[state.items.length - 1]!, earlier: state.items.length - 1 };
}
