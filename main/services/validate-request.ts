import { ApiCallError, requestSchemas, type Channel } from '../core/api/contract';
import type { z } from 'zod';

/**
 * Every channel's payload goes through its zod schema here, whatever the transport. The
 * refusal names the paths that failed, never the values: a refused payload may hold a
 * patient's name.
 */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): z.output<(typeof requestSchemas)[C]> {
  const result = requestSchemas[channel].safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((i) => i.path.map(String).join('.') || '(payload)');
    throw new ApiCallError('ERR_BAD_REQUEST', `The request to ${channel} was not valid.`, issues);
  }
  return result.data as z.output<(typeof requestSchemas)[C]>;
}
