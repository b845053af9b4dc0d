import { open } from 'node:fs/promises';
import { ApiCallError, type PickedDocument, type ValidRequestOf } from '../core/api/contract';
import type { Engine, SubmitDocument } from '../core/engine/types';
import { log } from '../core/log/logger';
import type { AuditLog } from './audit/audit-log';
import type { Handlers } from './dispatch';
import type { PickedFiles } from './picked-files';
import type { SettingsStore } from './settings-store';

/**
 * Documents coming in. A drop arrives as the bytes the renderer already holds; a file picked
 * in the native dialog goes to the engine by its path, which the engine reads when a CPU slot
 * takes it up, and reaches the renderer once, for the copy kept beside the record. The hash
 * is the engine's (main computes it once); the payload was validated once, by dispatch.
 */
export type DocumentChannel = 'submitDocuments' | 'pickDocuments' | 'readPickedDocument';

/** What the desktop's native open dialog found: paths stay in main. */
export interface PickedPaths {
  files: { path: string; size: number }[];
  /** PDFs in a chosen folder beyond the limit, not taken. */
  leftOut: number;
}

export interface DocumentHandlerContext {
  engine: Engine;
  audit: AuditLog;
  settings: SettingsStore;
  picked: PickedFiles;
  /** Desktop only. */
  pickPaths?(request: ValidRequestOf<'pickDocuments'>): Promise<PickedPaths>;
}

const dlog = log.child({ scope: 'documents' });
const MB = 1024 * 1024;

export function createDocumentHandlers(ctx: DocumentHandlerContext): Pick<Handlers, DocumentChannel> {
  const { engine, audit, picked } = ctx;

  return {
    async submitDocuments({ docs }) {
      const submits = docs.map((d, i): SubmitDocument => {
        const common = {
          id: d.id,
          name: d.name,
          ...(d.priority !== undefined && { priority: d.priority }),
          ...(d.processAgain !== undefined && { processAgain: d.processAgain }),
          ...(d.mode !== undefined && { mode: d.mode }),
        };
        if (d.source.kind === 'bytes') return { ...common, source: { kind: 'bytes', bytes: d.source.bytes }, size: d.source.bytes.byteLength };
        const file = picked.get(d.source.pickId);
        if (!file) throw new ApiCallError('ERR_BAD_REQUEST', 'A chosen file is no longer known here. Choose it again.', [`docs.${i}.source.pickId`]);
        return { ...common, source: { kind: 'path', path: file.path }, size: file.size };
      });
      const jobs = engine.submit(submits);
      // Ids only: a file name may be a patient's name.
      for (const d of submits) audit.append({ action: 'submitted', documentId: d.id ?? null, detail: d.processAgain ? { processAgain: true } : {} });
      logSubmitted(submits);
      return { jobs };
    },

    async pickDocuments(request) {
      if (!ctx.pickPaths) throw new ApiCallError('ERR_UNAVAILABLE', 'The file dialog is only in the desktop app.');
      const { files, leftOut } = await ctx.pickPaths(request);
      const chosen: PickedDocument[] = files.map((f) => picked.add(f));
      dlog.info('documents picked', { count: chosen.length, leftOut });
      return { files: chosen, leftOut };
    },

    async readPickedDocument({ pickId }) {
      const file = picked.get(pickId);
      if (!file) throw new ApiCallError('ERR_BAD_REQUEST', 'A chosen file is no longer known here. Choose it again.', ['pickId']);
      const limit = ctx.settings.get().maxFileMb * MB;
      return { bytes: await readUpTo(file.path, limit) };
    },
  };
}

/** Counts and sizes only: names and paths can name the patient. */
function logSubmitted(submits: SubmitDocument[]): void {
  const sent = submits.filter((d) => d.source.kind === 'bytes');
  dlog.info('documents submitted', { count: submits.length, byPath: submits.length - sent.length, bytes: sent.reduce((n, d) => n + (d.size ?? 0), 0) });
}

/**
 * The file's bytes, refused (never cut short) when it is over the limit the engine also
 * applies: such a file fails its job with a plain message, and keeping a copy would only
 * fill the renderer's database. Errors name no path.
 */
async function readUpTo(path: string, limit: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new ApiCallError('ERR_UNAVAILABLE', 'This file could not be opened: it may have been moved or deleted.');
  }
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new ApiCallError('ERR_UNAVAILABLE', 'This file is larger than the limit set in Settings, so no copy is kept.');
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
