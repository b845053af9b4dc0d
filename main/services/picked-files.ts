import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { PickedDocument } from '../core/api/contract';

/**
 * Files staff chose in the native dialog, by an id main made up: the renderer names a
 * chosen file by that id, never by its path, so a page can only ever have main read files a
 * person picked (and a path, which can name the patient, never crosses the bridge). Kept
 * for the run: after a restart the renderer hands over the copy it stored instead.
 */
export interface PickedFile {
  path: string;
  name: string;
  size: number;
}

export interface PickedFiles {
  add(file: { path: string; size: number }): PickedDocument;
  get(pickId: string): PickedFile | undefined;
}

export function createPickedFiles(): PickedFiles {
  const picked = new Map<string, PickedFile>();
  return {
    add({ path, size }) {
      const pickId = `pick-${randomUUID()}`;
      const name = basename(path);
      picked.set(pickId, { path, name, size });
      return { pickId, name, size };
    },
    get: (pickId) => picked.get(pickId),
  };
}
