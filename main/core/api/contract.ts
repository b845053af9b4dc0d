import { z } from 'zod';
import type { ExtractionResult } from '../contract/extraction';
import type { BatchStats, EngineEvent, EngineMetrics, EngineState, Job } from '../contract/job';
import { ExtractorModeSchema, SettingsSchema, type Settings } from '../contract/settings';

/**
 * The one contract between the renderer and main, in the manner of GitHub Desktop's
 * ipc-shared.ts: a request schema (validated with zod by main on every call, whatever the
 * transport) and a response type per channel, plus the events main pushes. Preload exposes
 * one function per channel; the local web server serves the same channels over HTTP/WS.
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
  updateSettings: z.object({ settings: SettingsSchema.partial() }),
  setProviderKey: z.object({ key: z.string().min(1).max(4096) }),
  clearProviderKey: z.object({}).strict(),
  hasProviderKey: z.object({}).strict(),
  testProvider: z.object({}).strict(),
  saveCsv: z.object({ suggestedName: z.string().min(1).max(255), content: z.string().max(200 * 1024 * 1024) }),
  getSessionInfo: z.object({}).strict(),
} as const;

export type Channel = keyof typeof requestSchemas;
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
  updateSettings: { settings: Settings };
  setProviderKey: { hasKey: boolean };
  clearProviderKey: { hasKey: boolean };
  hasProviderKey: { hasKey: boolean };
  testProvider: { status: ProviderTestStatus; message: string };
  /** Desktop: saved through the native dialog (false if the user cancelled). Web: the renderer downloads instead. */
  saveCsv: { saved: boolean; fileName: string | null };
  getSessionInfo: { mode: 'desktop' | 'web'; userName: string; version: string };
}

export type ResponseOf<C extends Channel> = ResponseMap[C];

/** Events main pushes to the renderer. */
export type ApiEvent = EngineEvent;

/** What preload exposes on window.scrApi, and what the web client implements. */
export type ScrApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
} & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

export const CHANNELS = Object.keys(requestSchemas) as Channel[];

/** The IPC channel name for a call; one namespace so the shell can check it in one place. */
export function ipcChannel(c: Channel): string {
  return `scr:${c}`;
}

export const IPC_EVENT_CHANNEL = 'scr:event';
