import { performance } from 'node:perf_hooks';
import { ApiCallError, isChannel, toApiFailure, type CallOutcome, type Channel, type ResponseOf, type ValidRequestOf } from '../core/api/contract';
import { log } from '../core/log/logger';
import { parseRequest } from './validate-request';

/**
 * The one way into a handler, shared by the Electron IPC registration and the local web
 * server's HTTP API (the `safeListener` of GitHub Desktop's ipc-main): the channel must be
 * in the table, every guard must let it through (the app lock reads the row's whileLocked),
 * and the payload is parsed with the row's schema, once, before the handler sees it.
 * Failures come back as data, never thrown, and are logged by channel and code only.
 */
export type Handlers = { [C in Channel]: (request: ValidRequestOf<C>) => Promise<ResponseOf<C>> };

/** Runs before the payload is parsed; refuses by throwing an ApiCallError. */
export type ChannelGuard = (channel: Channel) => void;

export type Invoke = <C extends Channel>(channel: C, payload: unknown) => Promise<CallOutcome<ResponseOf<C>>>;

const dlog = log.child({ scope: 'dispatch' });

export function createDispatch(handlers: Handlers, guards: readonly ChannelGuard[]): Invoke {
  return async <C extends Channel>(channel: C, payload: unknown): Promise<CallOutcome<ResponseOf<C>>> => {
    const started = performance.now();
    try {
      if (!isChannel(channel)) throw new ApiCallError('ERR_BAD_REQUEST', 'Unknown request.');
      for (const guard of guards) guard(channel);
      const request = parseRequest(channel, payload);
      const handler = handlers[channel] as (request: ValidRequestOf<C>) => Promise<ResponseOf<C>>;
      return { ok: true, value: await handler(request) };
    } catch (err) {
      const error = toApiFailure(err);
      const level = error.code === 'ERR_INTERNAL' ? 'error' : 'warn';
      // The channel and the failure code only: the thrown error may quote the payload.
      dlog[level]('call failed', {
        channel,
        code: error.code,
        errName: err instanceof Error ? err.name : typeof err,
        ms: Math.round(performance.now() - started),
      });
      return { ok: false, error };
    }
  };
}
