import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, CallOutcome, Channel, ScrApi } from '../main/core/api/contract';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../main/core/api/ipc-names';

/**
 * The renderer's only door to main (sandboxed preload, bundled to one CommonJS file).
 * It exposes one function per row of the channel table and an event subscription, never
 * ipcRenderer itself, so a compromised page can reach exactly these calls and nothing else;
 * main checks the sender and validates every payload.
 *
 * The names are the table's keys, written in by the preload build (scripts/build.ts), so
 * the bundle carries names only and never zod or the schemas.
 *
 * Main answers with an outcome envelope. A refusal is rejected as the plain ApiFailure:
 * contextBridge would strip an Error's code; renderer/src/api rebuilds an ApiCallError.
 */
declare const __SCR_CHANNELS__: readonly Channel[];

function call(channel: Channel) {
  return async (payload: unknown): Promise<unknown> => {
    const outcome = (await ipcRenderer.invoke(ipcChannel(channel), payload)) as CallOutcome<unknown>;
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  };
}

function onEvent(listener: (event: ApiEvent) => void): () => void {
  // The renderer gets the event only, never the IpcRendererEvent (it holds `sender`).
  const forward = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  };
}

const calls = Object.fromEntries(__SCR_CHANNELS__.map((c) => [c, call(c)])) as Record<Channel, (payload: unknown) => Promise<unknown>>;
const scrApi = { ...calls, onEvent } as unknown as ScrApi;

contextBridge.exposeInMainWorld('scrApi', scrApi);
