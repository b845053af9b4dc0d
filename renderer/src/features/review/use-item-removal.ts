import { useEffect, useRef, useState } from 'react';
import * as repo from '../../db/repository';
import type { FullRecord } from '../../db/rows';
import { LIST_LABEL, type ListKey } from './fields';
import { NAME_KEY } from './history-text';
import { removeItem, restoreItem, takeOut, type RemovedItem } from './record-edits';

/** "problem ‘Asthma’", or "a problem with no name" for one nobody had filled in. */
export function removedName(removed: RemovedItem): string {
  const one = LIST_LABEL[removed.list].one;
  const name = (removed.item as Record<string, unknown>)[NAME_KEY[removed.list]];
  return typeof name === 'string' && name.trim() ? `${one} ‘${name.trim()}’` : `${one === 'allergy' ? 'an' : 'a'} ${one} with no name`;
}

export interface PendingUndo {
  recordId: string;
  removed: RemovedItem;
}

/**
 * Removing an item from a list takes effect at once and can be undone: the removed item is
 * kept (in memory, for this view) until the next removal from the same list or leaving the
 * record. Focus moves to the Undo button, since the Remove button that had it is gone.
 */
export function useItemRemoval(row: FullRecord, list: ListKey) {
  const [pending, setPending] = useState<PendingUndo | null>(null);
  const [announce, setAnnounce] = useState('');
  const busy = useRef(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  const shown = pending && pending.recordId === row.id ? pending : null;

  useEffect(() => {
    if (shown) undoButton.current?.focus();
  }, [shown]);

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
      setPending({ recordId: row.id, removed });
      setAnnounce(`Removed ${removedName(removed)}. Undo is available.`);
    } finally {
      busy.current = false;
    }
  };

  const undo = async () => {
    if (!shown || busy.current) return;
    busy.current = true;
    const { removed } = shown;
    const at = Math.min(removed.index, row.record[list].length);
    try {
      await repo.editRecord(row.id, (current) => restoreItem(current, removed), {
        path: `${list}.${at}`,
        kind: 'restore-item',
        oldValue: null,
        newValue: removed.item,
      });
      setPending(null);
      setAnnounce(`Restored ${removedName(removed)}.`);
      // Back into the item that came back, where the person was working.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-path^="${list}.${at}."]`)?.focus());
    } finally {
      busy.current = false;
    }
  };

  return { pending: shown, announce, remove, undo, undoButton };
}
