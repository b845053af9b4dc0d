import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { retryAfterFrom } from '../../main/core/provider/provider-errors';
import { AppError } from '../../main/core/contract/errors';
import type { DocumentText } from '../../main/core/contract/text';
import { apiError, completion, startFakeOpenAiServer, type FakeOpenAiServer, type FakeResponse } from '../helpers/fake-openai-server';
import { chatRequests, openAiPort, signal } from './helpers/ports';
import { summaryDoc } from './helpers/docs';

/**
 * Provider failures become AppErrors with the codes the engine acts on, after exactly one
 * request each: the SDK's own retries are off, so the engine's policy is the only one.
 */
let server: FakeOpenAiServer;
let text: DocumentText;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  text = summaryDoc().text;
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

async function failureOf(response: FakeResponse, opts: { timeoutMs?: number; abort?: AbortController } = {}): Promise<AppError> {
  server.setHandler(() => response);
  const port = openAiPort(server, opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {});
  const run = port.run(text, null, port.plan(text, null, 'ai')!, { signal: opts.abort?.signal ?? signal() });
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('provider errors', () => {
  it('429 with Retry-After → ERR_RATE_LIMIT carrying retryAfterSeconds', async () => {
    const err = await failureOf({ ...apiError(429, 'Rate limit reached for requests'), headers: { 'retry-after': '7' } });
    expect(err.code).toBe('ERR_RATE_LIMIT');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBe(7);
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('429 with retry-after-ms → seconds, rounded up', async () => {
    const err = await failureOf({ ...apiError(429, 'Rate limit reached'), headers: { 'retry-after-ms': '1500' } });
    expect(err.code).toBe('ERR_RATE_LIMIT');
    expect(err.retryAfterSeconds).toBe(2);
  });

  it('Retry-After as an HTTP date, and no header at all', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterFrom(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }), now)).toBe(30);
    expect(retryAfterFrom(new Headers({}), now)).toBeUndefined();
    expect(retryAfterFrom(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });

  it('429 for an exhausted quota says so', async () => {
    const err = await failureOf(apiError(429, 'You exceeded your current quota', 'insufficient_quota'));
    expect(err.code).toBe('ERR_RATE_LIMIT');
    expect(err.reason).toBe('insufficient-quota');
    expect(err.retryAfterSeconds).toBeUndefined();
  });

  it.each([500, 502, 503])('%i → ERR_PROCESSING, retryable', async (status) => {
    const err = await failureOf(apiError(status, 'The server had an error while processing your request'));
    expect(err.code).toBe('ERR_PROCESSING');
    expect(err.retryable).toBe(true);
    expect(err.reason).toBe('server-error');
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('a server slower than the timeout → ERR_PROCESSING (timeout)', async () => {
    const err = await failureOf({ body: completion('{}'), delayMs: 2500 }, { timeoutMs: 1000 });
    expect(err.code).toBe('ERR_PROCESSING');
    expect(err.reason).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('a dropped connection → ERR_PROCESSING (network)', async () => {
    const err = await failureOf({ drop: true });
    expect(err.code).toBe('ERR_PROCESSING');
    expect(err.reason).toBe('network');
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('401 → ERR_AUTH, never retried, with a message that quotes nothing from the provider', async () => {
    const err = await failureOf(apiError(401, 'Incorrect API key provided: sk-test-***XYZ'));
    expect(err.code).toBe('ERR_AUTH');
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('sk-');
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('403 → ERR_AUTH', async () => {
    const err = await failureOf(apiError(403, 'You are not allowed to use this model'));
    expect(err.code).toBe('ERR_AUTH');
    expect(err.retryable).toBe(false);
  });

  it('404 (no such model or deployment) → permanent ERR_PROCESSING', async () => {
    const err = await failureOf(apiError(404, 'The model `gpt-4o-mini` does not exist'));
    expect(err.code).toBe('ERR_PROCESSING');
    expect(err.reason).toBe('model-missing');
    expect(err.retryable).toBe(false);
  });

  it('an aborted signal → ERR_CANCELLED, mid-request or before it', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const err = await failureOf({ body: completion('{}'), delayMs: 3000 }, { abort });
    expect(err.code).toBe('ERR_CANCELLED');

    server.requests.length = 0;
    const port = openAiPort(server);
    const already = new AbortController();
    already.abort();
    await expect(port.run(text, null, port.plan(text, null, 'ai')!, { signal: already.signal })).rejects.toMatchObject({ code: 'ERR_CANCELLED' });
    expect(chatRequests(server)).toHaveLength(0);
  });

  it('a missing key is ERR_AUTH before anything is sent', () => {
    expect(() => openAiPort(server, {}, { key: null })).toThrow(expect.objectContaining({ code: 'ERR_AUTH' }));
  });
});

describe('probe (the circuit breaker half-open request)', () => {
  afterEach(() => server.setModelsResponse(null));

  it('resolves when the server answers, even without a model list', async () => {
    const port = openAiPort(server);
    await expect(port.probe({ signal: signal() })).resolves.toBeUndefined();
    server.setModelsResponse({ status: 404, body: { error: { message: 'not found' } } });
    await expect(port.probe({ signal: signal() })).resolves.toBeUndefined();
  });

  it('maps a rejected key, an outage and a server error', async () => {
    const port = openAiPort(server);
    server.setModelsResponse(apiError(401, 'Incorrect API key provided'));
    await expect(port.probe({ signal: signal() })).rejects.toMatchObject({ code: 'ERR_AUTH' });
    server.setModelsResponse(apiError(503, 'Service unavailable'));
    await expect(port.probe({ signal: signal() })).rejects.toMatchObject({ code: 'ERR_PROCESSING' });
    const gone = await startFakeOpenAiServer();
    const baseURL = gone.baseURL;
    await gone.close();
    const down = openAiPort({ ...server, baseURL });
    await expect(down.probe({ signal: signal() })).rejects.toMatchObject({ code: 'ERR_PROCESSING', reason: 'network' });
  });
});
