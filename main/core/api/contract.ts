import { z } from 'zod';
import { RendererAuditEventSchema, type AuditEvent } from '../contract/audit';
import type { ExtractionResult } from '../contract/extraction';
import type { BatchStats, EngineEvent, EngineMetrics, EngineState, Job } from '../contract/job';
import { PASSCODE_MIN_LENGTH, PASSPHRASE_MIN_LENGTH, type SecurityState } from '../contract/security';
import { ExtractorModeSchema, SettingsSchema, type Settings } from '../contract/settings';
import type { ChannelName } from './channels';

export { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, ipcChannel, isChannelName, type ChannelName } from './channels';
export {
  API_FAILURE_CODES,
  ApiCallError,
  fromApiFailure,
  isApiFailureCode,
  toApiFailure,
  type ApiFailure,
  type ApiFailureCode,
  type CallOutcome,
} from './failure';

/**
 * The one contract between the renderer and main, in the manner of GitHub Desktop's
 * ipc-shared.ts: a request schema (validated with zod by main on every call, whatever the
 * transport) and a response type per channel, plus the events main pushes. Preload exposes
 * one function per channel; the local web server serves the same channels over HTTP/WS.
 *
 * Adding a channel takes four edits, and the compiler points at
 * each one: its schema below, its name in channels.ts, its response in ResponseMap, and
 * its handler in main/services/handlers.ts. Preload, IPC registration, the HTTP routes and
 * the web client pick it up from the list. Calls that must be refused while the app is
 * locked are refused in one place, the services' `guard`.
 */
const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/);
const ids = z.array(id).max(10_000);
const secret = z.string().min(1).max(1024);

export const SubmitDocumentSchema = z.object({
  id,
  name: z.string().min(1).max(512),
  bytes: z.instanceof(Uint8Array),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  priority: z.boolean().optional(),
  processAgain: z.boolean().optional(),
  mode: ExtractorModeSchema.optional(),
});

export const requestSchemas = {
  submitDocuments: z.object({ docs: z.array(SubmitDocumentSchema).min(1).max(1000) }),
  cancelJobs: z.object({ ids }),
  retryJobs: z.object({ ids }),
  removeJobs: z.object({ ids }),
  prioritiseJob: z.object({ id }),
  listJobs: z.object({}).strict(),
  getResult: z.object({ jobId: id }),
  getEngineState: z.object({}).strict(),
  getBatchStats: z.object({}).strict(),
  getMetrics: z.object({}).strict(),
  getSettings: z.object({}).strict(),
  /** Top-level keys replace their whole value: send the whole `retention`, `lock` or `provider` object. */
  updateSettings: z.object({ settings: SettingsSchema.partial() }),
  setProviderKey: z.object({ key: z.string().min(1).max(4096) }),
  clearProviderKey: z.object({}).strict(),
  hasProviderKey: z.object({}).strict(),
  testProvider: z.object({}).strict(),
  saveCsv: z.object({ suggestedName: z.string().min(1).max(255), content: z.string().max(200 * 1024 * 1024) }),
  /** The open dialog: PDFs, or with `folder` every PDF in a chosen folder and its subfolders. */
  pickDocuments: z.object({ folder: z.boolean().optional() }).strict(),
  getSessionInfo: z.object({}).strict(),
  /** Security and audit (issue 6): answered while locked, except where the guard says otherwise. */
  getSecurityState: z.object({}).strict(),
  /** First run: makes the data key (web mode: protected by this passphrase). */
  setUpDataKey: z.object({ passphrase: secret.min(PASSPHRASE_MIN_LENGTH).optional() }).strict(),
  /** The data key for this renderer session; the passphrase when main does not hold it yet. */
  openDataKey: z.object({ passphrase: secret.optional() }).strict(),
  lockApp: z.object({ reason: z.enum(['idle', 'button']) }).strict(),
  unlockApp: z.object({ passcode: secret }).strict(),
  /** Sets, changes (current needed) or removes (null) the app lock passcode. */
  setLockPasscode: z.object({ passcode: secret.min(PASSCODE_MIN_LENGTH).nullable(), current: secret.optional() }).strict(),
  recordAudit: z.object({ events: z.array(RendererAuditEventSchema).min(1).max(1000) }).strict(),
  /** Newest first; `before` pages back from a sequence number. */
  listAudit: z.object({ before: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  /** Forgets every job and replaces the data key; the renderer has already emptied its database. */
  deleteAllData: z.object({ confirm: z.literal('delete everything') }).strict(),
} as const;

export type Channel = keyof typeof requestSchemas;

// The zod-free channel list (channels.ts, used by preload) must name exactly these channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ChannelListsAgree = Assert<Same<Channel, ChannelName>>;
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;

export type ProviderTestStatus = 'reachable' | 'auth-rejected' | 'model-missing' | 'no-structured-output' | 'unreachable' | 'not-configured';

export interface ResponseMap {
  submitDocuments: { jobs: Job[] };
  cancelJobs: { count: number };
  retryJobs: { count: number };
  removeJobs: { count: number };
  prioritiseJob: { ok: boolean };
  listJobs: { jobs: Job[] };
  getResult: { result: ExtractionResult | null };
  getEngineState: { state: EngineState };
  getBatchStats: { stats: BatchStats };
  getMetrics: { metrics: EngineMetrics };
  getSettings: { settings: Settings };
  /** restartRequired: a changed value (threads, limits, budgets) takes effect when the app next starts. */
  updateSettings: { settings: Settings; restartRequired?: boolean };
  /** persisted false: kept for this session only (web mode, or no OS key protection). */
  setProviderKey: { hasKey: boolean; persisted?: boolean };
  clearProviderKey: { hasKey: boolean };
  hasProviderKey: { hasKey: boolean };
  testProvider: { status: ProviderTestStatus; message: string };
  /** Desktop: saved through the native dialog (false if the user cancelled). Web: getApi() downloads it in the browser. */
  saveCsv: { saved: boolean; fileName: string | null };
  /** Empty when the user cancelled. Web mode: the browser's file chooser (call it from a click handler). */
  pickDocuments: { files: PickedDocument[] };
  getSessionInfo: { mode: 'desktop' | 'web'; userName: string; version: string };
  getSecurityState: { security: SecurityState };
  /** The raw 256-bit data key: the renderer imports it as a non-extractable CryptoKey and wipes these bytes. */
  setUpDataKey: DataKeyGrant;
  openDataKey: DataKeyGrant;
  lockApp: { security: SecurityState };
  unlockApp: { security: SecurityState };
  setLockPasscode: { security: SecurityState };
  recordAudit: { count: number };
  /** intact: false when the file's hash chain shows an edit or a removed line. */
  listAudit: { events: AuditEvent[]; total: number; intact: boolean };
  /** The new data key: everything sealed under the old one can no longer be read. */
  deleteAllData: DataKeyGrant;
}

export interface DataKeyGrant {
  key: Uint8Array;
  /** Not secret: tells the renderer which key sealed its database. */
  keyId: string;
}

export type ResponseOf<C extends Channel> = ResponseMap[C];

export interface PickedDocument {
  name: string;
  bytes: Uint8Array;
}

/**
 * Web mode only, raised by the client itself: the event stream dropped ('offline'), came
 * back ('online': refetch jobs, events may have been missed), or the server no longer
 * accepts this tab's token ('unauthorised': it was restarted; open the link it printed).
 */
export interface ConnectionEvent {
  type: 'connection';
  state: 'online' | 'offline' | 'unauthorised';
}

/** The lock changed (another tab locked it, or it was unlocked): every window follows. */
export interface SecurityEvent {
  type: 'security';
  security: SecurityState;
}

/** Events main pushes to the renderer. */
export type ApiEvent = EngineEvent | ConnectionEvent | SecurityEvent;

/**
 * What preload exposes on window.scrApi, and what the web client implements. Through
 * getApi() (renderer/src/api) every call rejects with an ApiCallError (code + plain words);
 * window.scrApi itself rejects with the bare ApiFailure, because contextBridge strips
 * an Error's own fields.
 */
export type ScrApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

export const CHANNELS = Object.keys(requestSchemas) as Channel[];
