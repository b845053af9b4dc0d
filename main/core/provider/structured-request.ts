import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { AppError } from '../contract/errors';
import type { Logger } from '../log/logger';
import type { JsonSchema } from './json-schema';
import { estimateTokens, type UsageMeter } from './prices';
import { repairMessage, schemaInstruction } from './json-schema';
import type { ProviderClient } from './provider-client';
import { CONTENT_FILTERED, isResponseFormatRejection, mapProviderError } from './provider-errors';

/**
 * One structured answer from the model: Chat Completions with a strict json_schema
 * response format, falling back to json_object (schema in the prompt) and then to the
 * prompt alone for servers that reject it; the answer is checked with zod, and once only
 * the problems are sent back for a corrected answer. No other retries: those belong to
 * the engine.
 */
export type StructuredOutputMode = 'json_schema' | 'json_object' | 'prompt';

/** What a provider is known to support; shared by the requests of one port, learnt as they go. */
export interface ProviderCapability {
  mode: StructuredOutputMode;
  temperature: boolean;
}

export interface StructuredRequest<T> {
  provider: ProviderClient;
  capability: ProviderCapability;
  instructions: string;
  userMessage: string;
  schemaName: string;
  jsonSchema: JsonSchema;
  schema: z.ZodType<T>;
  signal: AbortSignal;
  usage: UsageMeter;
  log: Logger;
  /** For logs only: which step of the chain this is. */
  purpose: string;
}

export async function askStructured<T>(req: StructuredRequest<T>): Promise<T> {
  const conversation: ChatCompletionMessageParam[] = [{ role: 'user', content: req.userMessage }];
  const first = await send(req, conversation, 'answer');
  const checked = check(first, req.schema);
  if (checked.ok) return checked.value;

  conversation.push({ role: 'assistant', content: first }, { role: 'user', content: repairMessage(checked.problems) });
  const second = await send(req, conversation, 'repair');
  const rechecked = check(second, req.schema);
  if (rechecked.ok) return rechecked.value;
  req.log.warn('ai answer invalid after repair', { purpose: req.purpose, reason: rechecked.reason, problemCount: rechecked.problems.length });
  throw new AppError('ERR_EXTRACTION', {
    reason: rechecked.reason,
    message:
      `The AI service's answer did not match the record format, even after one correction ` +
      `(${rechecked.summary}), so nothing was taken from it. Try again, or key this one in by hand.`,
  });
}

type Checked<T> =
  | { ok: true; value: T }
  /** `problems` go back to the model; `summary` is for staff and names no values. */
  | { ok: false; reason: 'invalid-json' | 'schema-mismatch'; problems: string[]; summary: string };

function check<T>(content: string, schema: z.ZodType<T>): Checked<T> {
  let json: unknown;
  try {
    json = JSON.parse(extractJsonText(content));
  } catch (err) {
    return {
      ok: false,
      reason: 'invalid-json',
      problems: [`it was not valid JSON (${(err as Error).message.slice(0, 200)})`],
      summary: 'the answer was not valid JSON',
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues;
  const problems = issues.slice(0, 20).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  return { ok: false, reason: 'schema-mismatch', problems, summary: describeIssues(issues) };
}

/** Models without a response format sometimes wrap JSON in prose or code fences. */
export function extractJsonText(content: string): string {
  const text = content.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  if (fenced) return fenced[1]!;
  if (text.startsWith('{')) return text;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}

/** Where the answer went wrong and which rule, by path and zod's issue code: never a value. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const first = issues[0];
  const where = first ? `${first.path.join('.') || 'top level'} (${first.code})` : 'unknown';
  return issues.length > 1 ? `${issues.length} problems, first at ${where}` : `problem at ${where}`;
}

async function send(req: StructuredRequest<unknown>, conversation: ChatCompletionMessageParam[], round: string): Promise<string> {
  if (req.signal.aborted) throw new AppError('ERR_CANCELLED');
  for (;;) {
    const mode = req.capability.mode;
    const body = requestBody(req, conversation);
    const started = Date.now();
    let completion: ChatCompletion;
    try {
      completion = await req.provider.client.chat.completions.create(body, { signal: req.signal });
    } catch (err) {
      // Capability gaps are learnt once and the same request is sent in a form the
      // server accepts; this is not a retry of a failure the engine should see.
      if (isResponseFormatRejection(err) && mode !== 'prompt') {
        req.capability.mode = mode === 'json_schema' ? 'json_object' : 'prompt';
        req.log.info('ai structured output downgraded', { from: mode, to: req.capability.mode });
        continue;
      }
      if (req.capability.temperature && isTemperatureRejection(err)) {
        req.capability.temperature = false;
        continue;
      }
      const mapped = mapProviderError(err, req.signal);
      req.log.warn('ai request failed', { purpose: req.purpose, round, code: mapped.code, reason: mapped.reason, ms: Date.now() - started });
      throw mapped;
    }
    const choice = completion.choices[0];
    const content = choice?.message.content ?? '';
    const promptTokens = completion.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(body.messages).length);
    const completionTokens = completion.usage?.completion_tokens ?? estimateTokens(content.length);
    req.usage.add(promptTokens, completionTokens);
    req.log.info('ai request done', {
      purpose: req.purpose,
      round,
      mode,
      ms: Date.now() - started,
      promptTokens,
      completionTokens,
      finish: choice?.finish_reason ?? null,
    });
    if (choice?.message.refusal) {
      throw new AppError('ERR_EXTRACTION', {
        reason: 'refused',
        message: 'The AI service declined to read this document, so nothing was taken from it. Key this one in by hand.',
      });
    }
    if (choice?.finish_reason === 'content_filter') {
      throw new AppError('ERR_EXTRACTION', { reason: 'content-filtered', message: CONTENT_FILTERED });
    }
    if (choice?.finish_reason === 'length') {
      throw new AppError('ERR_EXTRACTION', {
        reason: 'output-truncated',
        message: "The AI service's answer was cut off before it was complete, so nothing was taken from it. Key this one in by hand.",
      });
    }
    return content;
  }
}

function requestBody(req: StructuredRequest<unknown>, conversation: ChatCompletionMessageParam[]): ChatCompletionCreateParamsNonStreaming {
  const mode = req.capability.mode;
  const system = mode === 'json_schema' ? req.instructions : `${req.instructions}\n\n${schemaInstruction(req.jsonSchema)}`;
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: req.provider.model,
    messages: [{ role: 'system', content: system }, ...conversation],
  };
  if (req.capability.temperature) body.temperature = 0;
  if (mode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: req.schemaName, strict: true, schema: req.jsonSchema } };
  } else if (mode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

function isTemperatureRejection(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err as { status?: unknown }).status === 400 &&
    /temperature/i.test(`${err.message} ${(err as { param?: unknown }).param ?? ''}`)
  );
}
