import { createContext, useContext } from 'react';

/**
 * What the record view tells each field without passing it through every list:
 * - where staff typed something refused that is still in its box (nothing was saved), so
 *   that approval is refused while a box shows something invalid;
 * - the flags at each path, open or ended, so a field shows the reason it is flagged
 *   until the flag ends, and no longer after.
 */
export interface RecordContext {
  reportFieldError(path: string, error: string | null): void;
  /** Reasons of the open flags at each path. */
  openFlags: ReadonlyMap<string, string[]>;
  /** Paths whose flags have all ended (changed or checked). */
  doneFlags: ReadonlySet<string>;
  /** The path of the flag staff are on (F), marked on screen. */
  currentFlag: string | null;
}

export const RecordViewContext = createContext<RecordContext>({ reportFieldError: () => undefined, openFlags: new Map(), doneFlags: new Set(), currentFlag: null });

export function useRecordContext(): RecordContext {
  return useContext(RecordViewContext);
}
