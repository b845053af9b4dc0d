import { join } from 'node:path';
import { z } from 'zod';
import type { PickedDocument } from '../../core/api/contract';
import type { WatchStatus } from '../../core/contract/watched-folder';
import { log } from '../../core/log/logger';
import type { AuditLog } from '../audit/audit-log';
import { resolveChosenFolder } from '../chosen-folder';
import { readJsonFile, writeJsonFile } from '../json-file';
import type { PickedFiles } from '../picked-files';
import { createFolderWatcher, type FolderWatcher, type FolderWatcherOptions } from './folder-watcher';
import { createSeenFiles } from './seen-files';

/**
 * The watched folder as a service: which folder (watched-folder.json in the data folder,
 * kept apart from settings.json because a folder must exist to be chosen), its watcher, and
 * the hand-over of ready PDFs to the app as picked documents, so they go the way of files
 * chosen in the desktop's dialog (the renderer stores them sealed and submits them by id).
 */
export const CONFIG_FILE = 'watched-folder.json';
const ConfigSchema = z.object({ path: z.string().min(1).max(4096).nullable() });

export interface WatchedFolder {
  status(): WatchStatus;
  /** Null stops watching. Refuses a path that is not an existing folder. */
  setFolder(path: string | null): WatchStatus;
  take(): PickedDocument[];
  close(): void;
}

const wlog = log.child({ scope: 'watched-folder' });

export function createWatchedFolder(deps: {
  dataDir: string;
  picked: PickedFiles;
  audit?: AuditLog;
  /** Tests: settle and rescan times, and no timers. */
  watcher?: Partial<Omit<FolderWatcherOptions, 'dir' | 'seen'>>;
}): WatchedFolder {
  const configPath = join(deps.dataDir, CONFIG_FILE);
  const seen = createSeenFiles(deps.dataDir);
  let path = readJsonFile(configPath, ConfigSchema)?.path ?? null;
  let watcher: FolderWatcher | null = null;

  function start(): void {
    watcher?.close();
    watcher = path ? createFolderWatcher({ dir: path, seen, ...deps.watcher }) : null;
  }
  start();

  const off: WatchStatus = { path: null, state: 'off', waiting: 0, settling: 0, taken: 0 };

  return {
    status: () => watcher?.status() ?? off,
    setFolder(next) {
      if (next !== null) next = resolveChosenFolder(next);
      if (next !== path) {
        path = next;
        writeJsonFile(configPath, { path });
        start();
        // The path can name a person (a user folder): the trail says that it changed, not to what.
        deps.audit?.append({ action: 'settings-changed', detail: { keys: ['watchedFolder'] } });
        wlog.info('watched folder changed', { on: path !== null });
      }
      return watcher?.status() ?? off;
    },
    take() {
      const files = watcher?.take() ?? [];
      if (files.length) wlog.info('watched files handed over', { count: files.length });
      return files.map((f) => deps.picked.add({ path: f.path, size: f.size }));
    },
    close() {
      watcher?.close();
      watcher = null;
    },
  };
}
