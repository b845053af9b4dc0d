import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, ipcChannel, type CallOutcome } from '../core/api/contract';
import { log } from '../core/log/logger';
import type { Services } from '../services/services';

/**
 * One ipcMain.handle per row of the channel table, each behind the sender check and then
 * the services' dispatch (guards, one zod parse, the handler). Answers are outcome
 * envelopes: a refusal is data the renderer can act on, not an exception Electron would
 * print with its payload.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  services: Pick<Services, 'invoke'>,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannel(channel), async (event, payload: unknown): Promise<CallOutcome<unknown>> => {
      if (!isTrusted(event)) {
        log.warn('ipc refused: untrusted sender', { channel });
        return { ok: false, error: { code: 'ERR_FORBIDDEN', message: 'This request was refused.' } };
      }
      return services.invoke(channel, payload);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(ipcChannel(channel));
  };
}
