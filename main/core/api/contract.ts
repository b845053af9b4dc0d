import { z } from 'zod';
import type { ExtractionResult } from '../contract/extraction';
import type { BatchStats, EngineEvent, EngineMetrics, EngineState, Job } from '../contract/job';
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
 * Adding a channel (e.g. lock, unlock, audit) takes four edits, and the compiler points at
 * each one: its schema below, its name in channels.ts, its response in ResponseMap, and
 * its handler in main/services/handlers.ts. Preload, IPC registration, the HTTP routes and
 * the web client pick it up from the list. Calls that must be refused while the app is
 * locked are refused in one place, the services' `guard`.
 */
const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/);
const ids = z.array(id).max(10_000);

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

/** Events main pushes to the renderer. */
export type ApiEvent = EngineEvent | ConnectionEvent;

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
