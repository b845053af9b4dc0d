import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AppError } from '../contract/errors';

/**
 * Provider failures as AppErrors the engine can act on. The engine retries transient codes
 * (ERR_RATE_LIMIT, ERR_PROCESSING) and never retries the rest, so the mapping decides
 * whether a request is tried again. Messages are ours: a provider's own message can echo
 * the prompt, so it is never passed on.
 */
export function mapProviderError(err: unknown, signal?: AbortSignal): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof APIUserAbortError || signal?.aborted) return new AppError('ERR_CANCELLED', { cause: err });
  if (err instanceof APIConnectionTimeoutError) {
    return new AppError('ERR_PROCESSING', {
      reason: 'timeout',
      message: 'The AI service did not answer in time. The document will be tried again.',
      cause: err,
    });
  }
  if (err instanceof APIConnectionError) {
    return new AppError('ERR_PROCESSING', {
      reason: 'network',
      message: 'The AI service could not be reached. Check the network or the server address; the document will be tried again.',
      cause: err,
    });
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 401 || status === 403) {
      return new AppError('ERR_AUTH', {
        reason: status === 401 ? 'key-rejected' : 'forbidden',
        message:
          status === 401
            ? 'The AI service rejected the key. Ask your IT lead to check the AI settings.'
            : 'The AI service refused access with this key (it may lack permission for this model). Ask your IT lead to check the AI settings.',
        cause: err,
      });
    }
    if (status === 429) {
      const retryAfterSeconds = retryAfterFrom(err.headers);
      const quota = err.code === 'insufficient_quota';
      return new AppError('ERR_RATE_LIMIT', {
        reason: quota ? 'insufficient-quota' : 'rate-limited',
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        ...(quota ? { message: 'The AI account has run out of credit or quota. Ask your IT lead to check the account.' } : {}),
        cause: err,
      });
    }
    if (status === 408 || status >= 500) {
      return new AppError('ERR_PROCESSING', {
        reason: status === 408 ? 'timeout' : 'server-error',
        message: 'The AI service had a problem. The document will be tried again.',
        cause: err,
      });
    }
    if (status === 404) {
      return new AppError('ERR_PROCESSING', {
        reason: 'model-missing',
        retryable: false,
        message: 'The AI service does not have the model or deployment named in settings. Ask your IT lead to check the AI settings.',
        cause: err,
      });
    }
    if (isContentFilter(err)) {
      return new AppError('ERR_EXTRACTION', {
        reason: 'content-filtered',
        message: CONTENT_FILTERED,
        cause: err,
      });
    }
    if (err.code === 'context_length_exceeded' || /context length|maximum context|too many tokens/i.test(err.message)) {
      return new AppError('ERR_PROCESSING', {
        reason: 'too-long',
        retryable: false,
        message: 'This document is too long for the AI model in settings. Key it in by hand or choose a model with a larger context.',
        cause: err,
      });
    }
    return new AppError('ERR_PROCESSING', {
      reason: `provider-rejected-${status}`,
      retryable: false,
      message: 'The AI service refused the request. Ask your IT lead to check the AI settings.',
      cause: err,
    });
  }
  if (err && typeof err === 'object' && (err as { name?: unknown }).name === 'AbortError') {
    return new AppError('ERR_CANCELLED', { cause: err });
  }
  return new AppError('ERR_PROCESSING', { reason: 'unexpected', cause: err });
}

/**
 * Azure OpenAI's content filter: the prompt was refused (HTTP 400, code 'content_filter',
 * 'ResponsibleAIPolicyViolation'), or the answer was cut (finish_reason 'content_filter').
 * Clinical text sometimes trips it; sending the same document again would trip it again.
 */
export const CONTENT_FILTERED =
  "The AI service's content filter (Azure OpenAI content filtering) blocked this document, so nothing was taken from it. " +
  'Key this one in by hand, or ask your IT lead whether the deployment’s content filter can be adjusted for clinical records.';

function isContentFilter(err: InstanceType<typeof APIError>): boolean {
  const inner = (err.error as { innererror?: { code?: unknown } } | undefined)?.innererror?.code;
  return err.code === 'content_filter' || inner === 'ResponsibleAIPolicyViolation' || /content management policy|content[_ ]filter/i.test(err.message);
}

/** A 400/422 that says the server does not understand the response_format we asked for. */
export function isResponseFormatRejection(err: unknown): boolean {
  if (!(err instanceof APIError) || (err.status !== 400 && err.status !== 422)) return false;
  const text = `${err.message} ${err.param ?? ''} ${err.code ?? ''}`;
  return /response_format|json_schema|json_object|structured output|guided|grammar/i.test(text);
}

/** Seconds to wait, from retry-after-ms (OpenAI) or Retry-After (seconds or an HTTP date). */
export function retryAfterFrom(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(?:\.\d+)?$/.test(ms.trim())) return Math.max(0, Math.ceil(Number(ms) / 1000));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(ra.trim())) return Math.max(0, Math.ceil(Number(ra)));
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
