import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiError, completion, startFakeOpenAiServer, type FakeOpenAiServer, type FakeResponse, type RecordedRequest } from '../helpers/fake-openai-server';
import { OracleModel, sentText } from '../helpers/oracle/oracle-model';
import { prf, scoreRecord } from '../helpers/score';
import { summaryDoc } from './helpers/docs';
import { chatBody, chatRequests, openAiPort, signal } from './helpers/ports';

/**
 * Real OpenAI-compatible servers differ from OpenAI's. Each difference met in the field,
 * played by the fake server around a model that answers the truth: each ends in a repaired
 * answer or a clear error code.
 */
let server: FakeOpenAiServer;
const doc = summaryDoc();
const oracle = new OracleModel({ noInvention: true });
oracle.add({ id: 'summary', truth: doc.truth });

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** The oracle's answer as text, whatever the request asked for. */
function answerText(req: RecordedRequest): string {
  return (oracle.respond(req).body as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
}

async function run(port = openAiPort(server)) {
  return port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
}

function f1(record: Parameters<typeof scoreRecord>[1]): number {
  return prf(scoreRecord(doc.truth, record).score).f1;
}

describe('a server that ignores response_format', () => {
  it.each([
    ['prose around the JSON', (json: string) => `Sure! Here is the record I extracted:\n\n${json}\n\nLet me know if you need anything else.`],
    ['a code fence', (json: string) => '```json\n' + json + '\n```'],
    ['a code fence inside prose', (json: string) => 'Here you go:\n```\n' + json + '\n```\nDone.'],
  ])('reads the answer out of %s, in one request', async (_, wrap) => {
    server.setHandler((req) => ({ body: completion(wrap(answerText(req))) }));
    const { result, usage } = await run();
    expect(f1(result.record)).toBe(1);
    expect(usage.requests).toBe(1);
  });
});

describe('a server with json_object only', () => {
  it('is asked again in JSON mode with the schema in the prompt, and the next document goes there first', async () => {
    server.setHandler((req) =>
      chatBody(req).response_format?.type === 'json_schema'
        ? apiError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
        : { body: completion(answerText(req)) },
    );
    const port = openAiPort(server);
    const { result } = await run(port);
    expect(f1(result.record)).toBe(1);
    expect(chatRequests(server).map((r) => chatBody(r).response_format?.type)).toEqual(['json_schema', 'json_object']);
    expect(chatBody(chatRequests(server)[1]!).messages[0]!.content).toContain('JSON Schema');
    server.requests.length = 0;
    await run(port);
    expect(chatRequests(server).map((r) => chatBody(r).response_format?.type)).toEqual(['json_object']);
  });
});

describe('a server that cuts the answer off at its token limit', () => {
  /** Cuts off any answer about more than `maxChars` of document text (finish_reason 'length'). */
  function cutsOffAbove(maxChars: number) {
    return (req: RecordedRequest): FakeResponse => {
      const text = sentText(chatBody(req));
      if (text.length <= maxChars) return { body: completion(answerText(req)) };
      return { body: completion(answerText(req).slice(0, 300), { finishReason: 'length' }) };
    };
  }

  it('is asked again for each half of the document, and the halves make the whole record', async () => {
    const length = doc.text.items.reduce((n, i) => n + i.str.length + 1, 0);
    server.setHandler(cutsOffAbove(Math.ceil(length * 0.7)));
    const { result, usage } = await run();
    expect(f1(result.record)).toBe(1);
    expect(usage.requests).toBe(3);
    const [, first, second] = chatRequests(server).map((r) => sentText(chatBody(r)));
    expect(first).toContain('Allergies');
    expect(second).toContain('Problems');
    expect(first).not.toContain('Problems');
  });

  it('fails clearly (ERR_EXTRACTION, output-truncated) when even one section is too long', async () => {
    server.setHandler(cutsOffAbove(10));
    await expect(run()).rejects.toMatchObject({ code: 'ERR_EXTRACTION', reason: 'output-truncated', retryable: false });
  });
});

describe('Azure OpenAI content filtering', () => {
  it('a prompt refused by the filter (400 content_filter) → ERR_EXTRACTION content-filtered, not retried', async () => {
    server.setHandler(() => ({
      status: 400,
      body: {
        error: {
          message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { self_harm: { filtered: true, severity: 'medium' } } },
        },
      },
    }));
    const err = await run().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_EXTRACTION', reason: 'content-filtered', retryable: false });
    expect((err as Error).message).toMatch(/content filter/);
    expect((err as Error).message).not.toMatch(/prompt triggering/);
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('an answer cut by the filter (finish_reason content_filter) → the same clear error', async () => {
    server.setHandler(() => ({ body: completion('', { finishReason: 'content_filter' }) }));
    await expect(run()).rejects.toMatchObject({ code: 'ERR_EXTRACTION', reason: 'content-filtered', retryable: false });
    expect(chatRequests(server)).toHaveLength(1);
  });
});
