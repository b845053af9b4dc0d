import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, ipcChannel, type ChannelName } from '../main/core/api/channels';
import type { ApiEvent, CallOutcome, ScrApi } from '../main/core/api/contract';

/**
 * The renderer's only door to main (sandboxed preload, bundled to one CommonJS file).
 * It exposes one function per contract channel and an event subscription, never
 * ipcRenderer itself, so a compromised page can reach exactly these calls and nothing else;
 * main checks the sender and validates every payload again.
 *
 * Main answers with an outcome envelope. A refusal is rejected as the plain ApiFailure:
 * contextBridge would strip an Error's code; renderer/src/api rebuilds an ApiCallError.
 */
function call(channel: ChannelName) {
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

const calls = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, call(c)])) as Record<ChannelName, (payload: unknown) => Promise<unknown>>;
const scrApi = { ...calls, onEvent } as unknown as ScrApi;

contextBridge.exposeInMainWorld('scrApi', scrApi);
