import { useEffect, useRef, useState } from 'react';
import * as repo from '../../db/repository';
import type { FullRecord } from '../../db/rows';
import { LIST_LABEL, type ListKey } from './fields';
import { NAME_KEY } from './history-text';
import { removeItem, restoreItem, takeOut, type RemovedItem } from './record-edits';
import { NO_REMOVALS, nextRemovals, nextUndo, type RemovalEvent } from './removal-history';

/** "problem ‘Asthma’", or "a problem with no name" for one nobody had filled in. */
export function removedName(removed: RemovedItem): string {
  const one = LIST_LABEL[removed.list].one;
  const name = (removed.item as Record<string, unknown>)[NAME_KEY[removed.list]];
  return typeof name === 'string' && name.trim() ? `${one} ‘${name.trim()}’` : `${one === 'allergy' ? 'an' : 'a'} ${one} with no name`;
}

/**
 * Removing an item from a list takes effect at once and can be undone: every removal from
 * the list since the record was opened, newest first (removal-history.ts), each back at its
 * place. After a removal, focus moves to the Undo button, since the Remove button that had
 * it is gone; after an undo, into the item that came back.
 */
export function useItemRemoval(row: FullRecord, list: ListKey) {
  // The ref is what a click reads (two quick clicks must not put one item back twice); the
  // state is what the screen shows.
  const removals = useRef(NO_REMOVALS);
  const [shownRemovals, setShownRemovals] = useState(NO_REMOVALS);
  const [announce, setAnnounce] = useState('');
  const busy = useRef(false);
  const focusUndo = useRef(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  const pending = nextUndo(shownRemovals, row.id);

  const record = (event: RemovalEvent) => {
    removals.current = nextRemovals(removals.current, event);
    setShownRemovals(removals.current);
  };

  useEffect(() => {
    if (pending && focusUndo.current) undoButton.current?.focus();
    focusUndo.current = false;
  }, [pending?.item]);

  const remove = async (index: number) => {
    if (busy.current) return;
    busy.current = true;
    const seen = row.record[list][index];
    // Taken from the stored record inside the write queue: what is put back is what was removed.
    let removed: RemovedItem = takeOut(row, list, index);
    try {
      await repo.editRecord(
        row.id,
        (current) => {
          removed = takeOut(current, list, index);
          return removeItem(current, list, index);
        },
        { path: `${list}.${index}`, kind: 'remove-item', oldValue: seen ?? null, newValue: null },
      );
      focusUndo.current = true;
      record({ kind: 'removed', recordId: row.id, item: removed });
      setAnnounce(`Removed ${removedName(removed)}. Undo is available.`);
    } finally {
      busy.current = false;
    }
  };

  const undo = async () => {
    const next = nextUndo(removals.current, row.id);
    if (!next || busy.current) return;
    busy.current = true;
    const removed = next.item;
    const at = Math.min(removed.index, row.record[list].length);
    try {
      await repo.editRecord(row.id, (current) => restoreItem(current, removed), {
        path: `${list}.${at}`,
        kind: 'restore-item',
        oldValue: null,
        newValue: removed.item,
      });
      record({ kind: 'restored', recordId: row.id, item: removed });
      const after = nextUndo(removals.current, row.id);
      setAnnounce(`Restored ${removedName(removed)}.${after ? ` Undo is available for ${removedName(after.item)}.` : ''}`);
      // Back into the item that came back, where the person was working.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-path^="${list}.${at}."]`)?.focus());
    } finally {
      busy.current = false;
    }
  };

  return { pending, announce, remove, undo, undoButton };
}
