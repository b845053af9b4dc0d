import { ApiCallError, channels, type Channel, type ValidRequestOf } from '../core/api/contract';

/**
 * A channel's payload through its row's zod schema. Called once per call, by the dispatch
 * (dispatch.ts), whatever the transport. The refusal names the paths that failed, never
 * the values: a refused payload may hold a patient's name.
 */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ValidRequestOf<C> {
  const result = channels[channel].request.safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((i) => i.path.map(String).join('.') || '(payload)');
    throw new ApiCallError('ERR_BAD_REQUEST', `The request to ${channel} was not valid.`, issues);
  }
  return result.data as ValidRequestOf<C>;
}
