import type { Channel, ScrApi } from '../../../main/core/api/contract';
import { CHANNEL_NAMES as CHANNELS } from '../../../main/core/api/channel-names';
import { fromApiFailure } from '../../../main/core/api/failure';

/**
 * window.scrApi as preload exposes it, with its refusals turned back into ApiCallErrors:
 * contextBridge copies only an Error's message, so preload rejects with the plain
 * ApiFailure and this rebuilds the class on this side of the bridge.
 */
export function wrapDesktopBridge(raw: ScrApi): ScrApi {
  const api = {} as Record<Channel, (request: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) {
    const fn = raw[channel] as (request: unknown) => Promise<unknown>;
    api[channel] = (request) =>
      fn(request).catch((failure: unknown) => {
        throw fromApiFailure(failure);
      });
  }
  return { ...(api as unknown as Omit<ScrApi, 'onEvent'>), onEvent: (listener) => raw.onEvent(listener) };
}
