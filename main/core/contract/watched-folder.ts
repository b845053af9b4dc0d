/**
 * The watched folder's state, as main reports it to the settings screen. The path is the
 * folder staff chose (a setting, shown back to them); file names never cross the bridge
 * here: taken files come as picked documents (ids, names, sizes) like the native dialog's.
 */
export type WatchState = 'off' | 'watching' | 'missing' | 'not-a-folder' | 'unreadable';

export interface WatchStatus {
  path: string | null;
  state: WatchState;
  /** Ready PDFs not yet taken by the app (it takes them while it is open). */
  waiting: number;
  /** PDFs seen being written, not yet ready. */
  settling: number;
  /** PDFs handed to the app since SCR Extract started. */
  taken: number;
}
