import { z } from 'zod';
import type { ChannelName } from './channel-names';
import { AUDIT_ACTIONS, RendererAuditEventSchema, type AuditEvent } from '../contract/audit';
import type { ExtractionResult } from '../contract/extraction';
import type { BatchStats, EngineMetrics, EngineState, Job } from '../contract/job';
import { PASSCODE_MIN_LENGTH, PASSPHRASE_MIN_LENGTH, type SecurityState } from '../contract/security';
import { ExtractorModeSchema, SettingsPatchSchema, type Settings } from '../contract/settings';
import { EXPORT_FOLDER_MAX_CHARS, EXPORT_FOLDER_RECORDS_PER_FILE, type ExportFolderStatus, type UnacknowledgedExport } from '../contract/export-folder';
import type { WatchStatus } from '../contract/watched-folder';

/**
 * Every bridge channel, declared once, in the manner of GitHub Desktop's ipc-shared.ts:
 * one row per channel with
 *   request     the zod schema main parses the payload with, once, before dispatch
 *               (services/dispatch.ts), whatever the transport: IPC, HTTP or a test;
 *   response    what the call resolves with (a type only: main builds it, nobody parses it);
 *   whileLocked what the app lock does to the call (see LockPolicy), read by main's one guard.
 *
 * Adding a channel is adding a row here and its handler in main/services (the compiler asks
 * for it). Preload, the IPC registration, the HTTP routes, the web client and the lock guard
 * all follow the table.
 */

/** What the app lock and the closed data key do to a call. */
export type LockPolicy =
  /** Refused (ERR_LOCKED) while the app is locked or the data key is not open: anything that reads or changes records or settings. */
  | 'refused'
  /** The way in to the data key: refused while the app is locked, answered before the key is open. */
  | 'opens-data-key'
  /** Answered whatever the lock says: reveals nothing from the records. */
  | 'answered';

declare const responseType: unique symbol;
/** A channel's response type, carried by the row for the compiler only. */
export interface Reply<T> {
  readonly [responseType]: T;
}
const returns = <T>(): Reply<T> => ({}) as Reply<T>;

export interface ChannelSpec {
  request: z.ZodType;
  response: Reply<unknown>;
  whileLocked: LockPolicy;
}

const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/);
const ids = z.array(id).max(10_000);
const secret = z.string().min(1).max(1024);
const none = z.object({}).strict();

/**
 * What a document is handed over as: the bytes the renderer already holds (a drop, or its
 * stored copy after a restart), or a file staff chose in the native dialog, by the id main
 * gave it (pickDocuments): main reads that from disk itself. No hash: main computes it.
 */
export const SubmitSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bytes'), bytes: z.instanceof(Uint8Array) }).strict(),
  z.object({ kind: z.literal('picked'), pickId: id }).strict(),
]);

export const SubmitDocumentSchema = z
  .object({
    id,
    name: z.string().min(1).max(512),
    source: SubmitSourceSchema,
    priority: z.boolean().optional(),
    processAgain: z.boolean().optional(),
    mode: ExtractorModeSchema.optional(),
  })
  .strict();

export type ProviderTestStatus = 'reachable' | 'auth-rejected' | 'model-missing' | 'no-structured-output' | 'unreachable' | 'not-configured';

export interface DataKeyGrant {
  key: Uint8Array;
  /** Not secret: tells the renderer which key sealed its database. */
  keyId: string;
}

/** A file chosen in the native dialog: main keeps its path; the renderer gets an id, its name and size. */
export interface PickedDocument {
  pickId: string;
  name: string;
  size: number;
}

export const channels = {
  // Documents and jobs.
  submitDocuments: {
    request: z.object({ docs: z.array(SubmitDocumentSchema).min(1).max(1000) }),
    response: returns<{ jobs: Job[] }>(),
    whileLocked: 'refused',
  },
  cancelJobs: { request: z.object({ ids }), response: returns<{ count: number }>(), whileLocked: 'refused' },
  retryJobs: { request: z.object({ ids }), response: returns<{ count: number }>(), whileLocked: 'refused' },
  /** Only deletes: retention may purge while the app is locked. */
  removeJobs: { request: z.object({ ids }), response: returns<{ count: number }>(), whileLocked: 'answered' },
  prioritiseJob: { request: z.object({ id }), response: returns<{ ok: boolean }>(), whileLocked: 'refused' },
  listJobs: { request: none, response: returns<{ jobs: Job[] }>(), whileLocked: 'refused' },
  getResult: { request: z.object({ jobId: id }), response: returns<{ result: ExtractionResult | null }>(), whileLocked: 'refused' },
  getEngineState: { request: none, response: returns<{ state: EngineState }>(), whileLocked: 'refused' },
  getBatchStats: { request: none, response: returns<{ stats: BatchStats }>(), whileLocked: 'refused' },
  getMetrics: { request: none, response: returns<{ metrics: EngineMetrics }>(), whileLocked: 'refused' },

  // Settings and the AI provider.
  getSettings: { request: none, response: returns<{ settings: Settings }>(), whileLocked: 'refused' },
  /**
   * Top-level keys replace their whole value: send the whole `retention`, `lock` or
   * `provider` object. restartRequired: a changed value (threads, limits, budgets) takes
   * effect when the app next starts.
   */
  updateSettings: {
    request: z.object({ settings: SettingsPatchSchema }),
    response: returns<{ settings: Settings; restartRequired?: boolean }>(),
    whileLocked: 'refused',
  },
  /** persisted false: kept for this session only (web mode, or no OS key protection). */
  setProviderKey: {
    request: z.object({ key: z.string().min(1).max(4096) }),
    response: returns<{ hasKey: boolean; persisted?: boolean }>(),
    whileLocked: 'refused',
  },
  clearProviderKey: { request: none, response: returns<{ hasKey: boolean }>(), whileLocked: 'refused' },
  hasProviderKey: { request: none, response: returns<{ hasKey: boolean }>(), whileLocked: 'refused' },
  testProvider: { request: none, response: returns<{ status: ProviderTestStatus; message: string }>(), whileLocked: 'refused' },

  // What only a host can do.
  /** Desktop: saved through the native dialog (false if the user cancelled). Web: getApi() downloads it in the browser. */
  saveCsv: {
    request: z.object({ suggestedName: z.string().min(1).max(255), content: z.string().max(200 * 1024 * 1024) }),
    response: returns<{ saved: boolean; fileName: string | null }>(),
    whileLocked: 'refused',
  },
  /**
   * Desktop only: the open dialog, for PDFs, or with `folder` every PDF in a chosen folder and
   * its subfolders. Answers ids, names and sizes, never bytes or paths: submitDocuments hands
   * a picked file to the engine by its id and main reads it from disk when it is read.
   * Empty when the user cancelled; leftOut counts the PDFs of a large folder beyond the limit.
   */
  pickDocuments: {
    request: z.object({ folder: z.boolean().optional() }).strict(),
    response: returns<{ files: PickedDocument[]; leftOut: number }>(),
    whileLocked: 'refused',
  },
  /** A picked file's bytes, once, for the copy the renderer keeps beside the record. */
  readPickedDocument: {
    request: z.object({ pickId: id }).strict(),
    response: returns<{ bytes: Uint8Array }>(),
    whileLocked: 'refused',
  },
  /**
   * The watched folder: PDFs saved into it are taken in as if dropped, each once. Desktop:
   * chosen in the native folder dialog; web mode: typed as a path (a browser cannot pick a
   * folder on the server). takeWatchedFiles hands over the files ready since the last call,
   * as picked documents (submitted by id, read by main), and remembers them as seen.
   */
  getWatchedFolder: { request: none, response: returns<{ status: WatchStatus }>(), whileLocked: 'refused' },
  setWatchedFolder: {
    request: z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
    response: returns<{ status: WatchStatus }>(),
    whileLocked: 'refused',
  },
  chooseWatchedFolder: { request: none, response: returns<{ status: WatchStatus; cancelled: boolean }>(), whileLocked: 'refused' },
  takeWatchedFiles: { request: none, response: returns<{ files: PickedDocument[] }>(), whileLocked: 'refused' },
  /**
   * The export folder (issue 11): approved records are written there as CSV. Chosen like the
   * watched folder (desktop: the folder dialog; web mode: a typed path), or turned off (null).
   * writeExportFile hands over one file's CSV, built by the renderer (only it can open the
   * records) with the records' ids for the audit trail: main writes it as a new file under a
   * name of its own into the folder in its settings. A call cannot name a path or a file.
   */
  getExportFolder: { request: none, response: returns<{ status: ExportFolderStatus }>(), whileLocked: 'refused' },
  setExportFolder: {
    request: z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
    response: returns<{ status: ExportFolderStatus }>(),
    whileLocked: 'refused',
  },
  chooseExportFolder: { request: none, response: returns<{ status: ExportFolderStatus; cancelled: boolean }>(), whileLocked: 'refused' },
  /**
   * The CSV template the folder's files are written with: one the Export screen offers, by
   * its id (as the page's database keeps it) and name. Main keeps the choice in the export
   * folder's settings; the page builds each file with that template.
   */
  setExportFolderTemplate: {
    request: z
      .object({
        template: z.object({ id, name: z.string().min(1).max(200).regex(/^[^\p{Cc}]+$/u) }).strict(),
      })
      .strict(),
    response: returns<{ status: ExportFolderStatus }>(),
    whileLocked: 'refused',
  },
  writeExportFile: {
    request: z
      .object({
        content: z.string().min(1).max(EXPORT_FOLDER_MAX_CHARS),
        documentIds: z.array(id).min(1).max(EXPORT_FOLDER_RECORDS_PER_FILE),
        /** The template's name, for the audit trail (as the manual export reports it). */
        template: z.string().min(1).max(255).regex(/^[^\p{Cc}]+$/u),
      })
      .strict(),
    response: returns<{ fileName: string; status: ExportFolderStatus }>(),
    whileLocked: 'refused',
  },
  /**
   * Main notes each file it writes (ids only) until the page says it has marked those
   * records exported, so a window closed between the file and the mark cannot leave records
   * that are in the folder counted as not yet exported. At unlock the page lists what is
   * still noted, marks it, and acknowledges it; `late` when the mark was missing (main's
   * audit trail then says the records were marked at the next start).
   */
  listUnacknowledgedExports: { request: none, response: returns<{ files: UnacknowledgedExport[] }>(), whileLocked: 'refused' },
  acknowledgeExportFiles: {
    request: z
      .object({
        fileNames: z.array(z.string().min(1).max(255).regex(/^[A-Za-z0-9_.-]+$/)).min(1).max(1000),
        late: z.boolean(),
      })
      .strict(),
    response: returns<{ count: number }>(),
    whileLocked: 'refused',
  },
  getSessionInfo: { request: none, response: returns<{ mode: 'desktop' | 'web'; userName: string; version: string }>(), whileLocked: 'answered' },

  // Security and audit (issue 6).
  getSecurityState: { request: none, response: returns<{ security: SecurityState }>(), whileLocked: 'answered' },
  /**
   * First run: makes the data key (web mode: protected by this passphrase). Answers with the
   * raw 256-bit key: the renderer imports it as a non-extractable CryptoKey and wipes these bytes.
   */
  setUpDataKey: {
    request: z.object({ passphrase: secret.min(PASSPHRASE_MIN_LENGTH).optional() }).strict(),
    response: returns<DataKeyGrant>(),
    whileLocked: 'opens-data-key',
  },
  /** The data key for this renderer session; the passphrase when main does not hold it yet. */
  openDataKey: { request: z.object({ passphrase: secret.optional() }).strict(), response: returns<DataKeyGrant>(), whileLocked: 'opens-data-key' },
  lockApp: { request: z.object({ reason: z.enum(['idle', 'button']) }).strict(), response: returns<{ security: SecurityState }>(), whileLocked: 'answered' },
  unlockApp: { request: z.object({ passcode: secret }).strict(), response: returns<{ security: SecurityState }>(), whileLocked: 'answered' },
  /** Sets, changes (current needed) or removes (null) the app lock passcode. */
  setLockPasscode: {
    request: z.object({ passcode: secret.min(PASSCODE_MIN_LENGTH).nullable(), current: secret.optional() }).strict(),
    response: returns<{ security: SecurityState }>(),
    whileLocked: 'refused',
  },
  /**
   * Only adds a line, but refused while locked: whoever is at a locked app must not write to
   * the trail in staff's name (issue 13). The page keeps its events (a purge while locked)
   * and sends them once the app is open again.
   */
  recordAudit: {
    request: z.object({ events: z.array(RendererAuditEventSchema).min(1).max(1000) }).strict(),
    response: returns<{ count: number }>(),
    whileLocked: 'refused',
  },
  /**
   * Newest first; `before` pages back from a sequence number. Optionally only one action, and
   * only events at or after `fromMs` and before `toMs` (the page's local days, as instants);
   * `total` then counts the events that match. intact: false when the file's hash chain shows
   * an edit or a removed line.
   */
  listAudit: {
    request: z
      .object({
        before: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        action: z.enum(AUDIT_ACTIONS).optional(),
        fromMs: z.number().int().min(0).optional(),
        toMs: z.number().int().min(0).optional(),
      })
      .strict(),
    response: returns<{ events: AuditEvent[]; total: number; intact: boolean }>(),
    whileLocked: 'refused',
  },
  /** Forgets every job and replaces the data key (the renderer has already emptied its database); answers with the new key. */
  deleteAllData: { request: z.object({ confirm: z.literal('delete everything') }).strict(), response: returns<DataKeyGrant>(), whileLocked: 'refused' },
} as const satisfies Record<string, ChannelSpec>;

export type Channel = keyof typeof channels;

/** What the renderer sends (before zod's defaults and transforms). */
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
/** What a handler receives: the payload after its schema accepted it. */
export type ValidRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof channels)[C]['response'][typeof responseType];

export const CHANNELS = Object.keys(channels) as Channel[];

/** Compiles only while channel-names.ts names exactly the channels of the table above. */
export type ChannelNamesMatch = [Channel] extends [ChannelName] ? ([ChannelName] extends [Channel] ? true : never) : never;
export const channelNamesMatch: ChannelNamesMatch = true;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}
