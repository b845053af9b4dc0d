import { AppError } from '../../../main/core/contract/errors';
import type { ExtractionResult } from '../../../main/core/contract/extraction';
import type { ExtractorMode, TokenUsage } from '../../../main/core/contract/job';
import { emptyRecord } from '../../../main/core/contract/record';
import type { DocumentText } from '../../../main/core/contract/text';
import type { AiPlan, AiPort } from '../../../main/core/pipeline/ports';

/**
 * A test-only AiPort over real HTTP, mapping answers the way the real provider port
 * does: 401/403 → ERR_AUTH (permanent); 429 → ERR_RATE_LIMIT with Retry-After; 5xx,
 * timeouts and network errors → ERR_PROCESSING (transient); other 4xx → permanent.
 * Requests carry `x-request-kind: extract | probe` so a fake server can tell them apart.
 * Nothing from the document is sent: the body names the page count only.
 */
export interface HttpAiPortOptions {
  baseURL: string;
  id?: string;
  apiKey?: string;
  model?: string;
  timeoutMs?: number;
  /** Default: always ask the model, estimating 500 tokens. */
  plan?: (text: DocumentText, rules: ExtractionResult | null, mode: ExtractorMode) => AiPlan | null;
}

export const ALWAYS_ASK: AiPlan = { scope: 'document', sections: [], estimatedTokens: 500 };

export function createHttpAiPort(opts: HttpAiPortOptions): AiPort {
  const timeoutMs = opts.timeoutMs ?? 30_000;

  async function post(kind: 'extract' | 'probe', body: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${opts.baseURL}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${opts.apiKey ?? 'sk-test'}`,
          'x-request-kind': kind,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (err) {
      if (signal.aborted) throw new AppError('ERR_CANCELLED', { cause: err });
      if (timeout.aborted) throw new AppError('ERR_PROCESSING', { reason: 'timeout', cause: err });
      throw new AppError('ERR_PROCESSING', { reason: 'network', cause: err });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (signal.aborted) throw new AppError('ERR_CANCELLED', { cause: err });
      throw new AppError('ERR_PROCESSING', { reason: 'network', cause: err });
    }
    if (res.status === 401 || res.status === 403) throw new AppError('ERR_AUTH', { reason: `http-${res.status}` });
    if (res.status === 429) {
      const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
      throw new AppError('ERR_RATE_LIMIT', { reason: 'http-429', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    }
    if (res.status >= 500) throw new AppError('ERR_PROCESSING', { reason: `http-${res.status}` });
    if (res.status >= 400) throw new AppError('ERR_PROCESSING', { reason: `http-${res.status}`, retryable: false });
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new AppError('ERR_PROCESSING', { reason: 'bad-json' });
    }
  }

  return {
    id: opts.id ?? `compatible:${opts.model ?? 'fake-model'}`,
    plan: (text, rules, mode) => (opts.plan ? opts.plan(text, rules, mode) : ALWAYS_ASK),
    async run(text, rules, _plan, { signal }) {
      const body = await post(
        'extract',
        {
          model: opts.model ?? 'fake-model',
          messages: [{ role: 'user', content: `pages: ${text.pages.length}` }],
        },
        signal,
      );
      const usage = readUsage(body);
      const record = readRecord(body);
      const base: ExtractionResult = rules ?? {
        record: emptyRecord(),
        provenance: {},
        confidence: {},
        warnings: [],
        flags: [],
        extractor: 'ai',
        layout: 'unknown',
        sections: [],
      };
      return { result: { ...base, record: (record ?? base.record) as ExtractionResult['record'], extractor: 'ai' }, usage };
    },
    async probe({ signal }) {
      await post('probe', { model: opts.model ?? 'fake-model', messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }, signal);
    },
  };
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function readUsage(body: Record<string, unknown>): TokenUsage {
  const u = (body.usage ?? {}) as { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  const promptTokens = u.prompt_tokens ?? 0;
  const completionTokens = u.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: u.total_tokens ?? promptTokens + completionTokens, costUsd: null, requests: 1 };
}

/** A test may script the model's record as `{"record": …}` in the message content. */
function readRecord(body: Record<string, unknown>): unknown {
  const choices = body.choices as { message?: { content?: unknown } }[] | undefined;
  const content = choices?.[0]?.message?.content;
  if (typeof content !== 'string') return undefined;
  try {
    const parsed = JSON.parse(content) as { record?: unknown };
    return parsed.record;
  } catch {
    return undefined;
  }
}
