import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchState, WatchStatus } from '../../core/contract/watched-folder';
import type { FileIdentity, SeenFiles } from './seen-files';

/**
 * Watches one folder for PDFs saved into it. fs.watch says something changed (it is not
 * reliable on every file system: network shares, some editors' saves), and a rescan every
 * few seconds catches whatever it missed, so the scan is the only source of truth. Files are
 * only ever read: never moved, renamed or deleted. Only the folder itself is watched, not
 * its subfolders.
 *
 * A file is ready when two scans at least `settleMs` apart saw the same size and
 * modification time (a scanner or a browser may still be writing it); then it is held for
 * the app, which takes it (take()) and only then is it remembered as seen.
 */
export type { WatchState, WatchStatus };

export interface FolderWatcher {
  status(): WatchStatus;
  /** Ready files, remembered as seen from now on. */
  take(): FileIdentity[];
  /** One scan now (tests; the timer and fs.watch call it too). */
  scan(): Promise<void>;
  close(): void;
}

export interface FolderWatcherOptions {
  dir: string;
  seen: SeenFiles;
  /** How long a file's size and time must stay the same before it is taken. */
  settleMs?: number;
  /** The rescan that catches what fs.watch missed. */
  rescanMs?: number;
  now?: () => number;
  /** Called when files became ready, or the state changed. */
  onChange?(status: WatchStatus): void;
  /** Tests drive scans themselves. */
  timers?: boolean;
}

const PDF_NAME = /\.pdf$/i;

export function createFolderWatcher(opts: FolderWatcherOptions): FolderWatcher {
  const settleMs = opts.settleMs ?? 2000;
  const rescanMs = opts.rescanMs ?? 5000;
  const now = opts.now ?? Date.now;
  const useTimers = opts.timers ?? true;
  /** Files being written: what the last scan saw, and since when it has not changed. */
  const settling = new Map<string, { size: number; mtimeMs: number; since: number }>();
  const ready = new Map<string, FileIdentity>();
  let state: WatchState = 'watching';
  let taken = 0;
  let closed = false;
  let watcher: FSWatcher | null = null;
  let scanning: Promise<void> | null = null;
  let soon: ReturnType<typeof setTimeout> | null = null;

  const status = (): WatchStatus => ({ path: opts.dir, state, waiting: ready.size, settling: settling.size, taken });

  function startWatching(): void {
    if (watcher || closed || !useTimers) return;
    try {
      watcher = watch(opts.dir, { persistent: false }, () => scheduleSoon(200));
      watcher.on('error', () => {
        // The folder went away (or a share dropped): the rescan reports it and watches again.
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null;
    }
  }

  function scheduleSoon(ms: number): void {
    if (closed || !useTimers || soon) return;
    soon = setTimeout(() => {
      soon = null;
      void scan();
    }, ms);
    soon.unref?.();
  }

  async function scanOnce(): Promise<void> {
    let names: string[];
    try {
      const info = await stat(opts.dir);
      if (!info.isDirectory()) return setState('not-a-folder');
      names = await readdir(opts.dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      watcher?.close();
      watcher = null;
      return setState(code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable');
    }
    setState('watching');
    startWatching();
    const present = new Set<string>();
    const t = now();
    let becameReady = false;
    for (const name of names) {
      if (!PDF_NAME.test(name)) continue;
      const path = join(opts.dir, name);
      let info;
      try {
        info = await stat(path);
      } catch {
        continue; // Removed between the listing and now.
      }
      if (!info.isFile()) continue;
      present.add(path);
      const file: FileIdentity = { path, size: info.size, mtimeMs: info.mtimeMs };
      if (ready.has(path) || opts.seen.has(file)) {
        settling.delete(path);
        continue;
      }
      const before = settling.get(path);
      if (!before || before.size !== file.size || before.mtimeMs !== file.mtimeMs) {
        settling.set(path, { size: file.size, mtimeMs: file.mtimeMs, since: t });
      } else if (file.size > 0 && t - before.since >= settleMs) {
        settling.delete(path);
        ready.set(path, file);
        becameReady = true;
      }
    }
    // Gone before they were taken: nothing to hand over.
    for (const path of [...settling.keys()]) if (!present.has(path)) settling.delete(path);
    for (const path of [...ready.keys()]) if (!present.has(path)) ready.delete(path);
    if (becameReady) opts.onChange?.(status());
    if (settling.size > 0) scheduleSoon(settleMs);
  }

  function setState(next: WatchState): void {
    if (next === state) return;
    state = next;
    opts.onChange?.(status());
  }

  /**
   * One scan at a time. A call during a scan gets the next scan, which starts after it (a
   * change may have come after the running one listed the folder); calls meanwhile share it.
   */
  let next: Promise<void> | null = null;
  function scan(): Promise<void> {
    if (closed) return Promise.resolve();
    if (!scanning) {
      scanning = scanOnce().finally(() => {
        scanning = null;
      });
      return scanning;
    }
    next ??= scanning.then(() => {
      next = null;
      return scan();
    });
    return next;
  }

  const rescan = useTimers ? setInterval(() => void scan(), rescanMs) : null;
  rescan?.unref?.();
  void scan();

  return {
    status,
    take() {
      const files = [...ready.values()];
      ready.clear();
      opts.seen.add(files);
      taken += files.length;
      return files;
    },
    scan,
    close() {
      closed = true;
      if (rescan) clearInterval(rescan);
      if (soon) clearTimeout(soon);
      watcher?.close();
      watcher = null;
    },
  };
}
