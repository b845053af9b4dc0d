import { useEffect, useRef } from 'react';

/**
 * The review screen's one-key shortcuts, shown beside their controls and in the "?" dialog.
 * None fires while staff type in a box (only Escape does, which the box itself handles), or
 * with Ctrl, Alt or Cmd held (the browser's and the screen reader's own keys).
 */
export type ReviewAction = 'approve' | 'next-record' | 'previous-record' | 'next-flag' | 'checked' | 'help' | 'start';

export interface ReviewKey {
  action: ReviewAction;
  key: string;
  /** As shown on screen. */
  label: string;
  what: string;
}

export const RECORD_KEYS: ReviewKey[] = [
  { action: 'next-flag', key: 'f', label: 'F', what: 'Go to the next thing to check (its source is highlighted on the page)' },
  { action: 'checked', key: 'c', label: 'C', what: 'Mark the thing you are on as checked' },
  { action: 'approve', key: 'a', label: 'A', what: 'Approve the record and open the next one that needs review' },
  { action: 'next-record', key: 'n', label: 'N', what: 'Next record that needs review' },
  { action: 'previous-record', key: 'p', label: 'P', what: 'Previous record that needs review' },
  { action: 'help', key: '?', label: '?', what: 'Show these keyboard shortcuts' },
];

export const LIST_KEYS: ReviewKey[] = [{ action: 'start', key: 'n', label: 'N', what: 'Open the first record that needs review' }];

export function keyFor(action: ReviewAction, keys: ReviewKey[] = RECORD_KEYS): ReviewKey {
  return keys.find((k) => k.action === action)!;
}

/** Whether a key press belongs to what has focus: typing in a box, choosing in a list, a dialog. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

/** Calls `on(action)` for the listed keys, on the whole page, while mounted. */
export function useShortcuts(keys: ReviewKey[], on: (action: ReviewAction) => void, enabled = true): void {
  const latest = useRef(on);
  latest.current = on;
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (isTyping(e.target)) return;
      // A modal dialog open (the "?" list, a confirmation) has the keyboard to itself.
      if (document.querySelector('dialog[open]')) return;
      const hit = keys.find((k) => k.key === e.key || k.key === e.key.toLowerCase());
      if (!hit) return;
      e.preventDefault();
      latest.current(hit.action);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [keys, enabled]);
}
