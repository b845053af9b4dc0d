import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../main/core/extract/ai/answer-schema';
import type { DocumentText } from '../../main/core/contract/text';
import { apiError, completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { prf, scoreRecord } from '../helpers/score';
import { chatBody, chatRequests, openAiPort, signal } from './helpers/ports';
import type { ScrRecord } from '../../main/core/contract/record';
import { oracleAnswer, summaryDoc } from './helpers/docs';

/** Structured output: strict json_schema, zod validation, one repair round, and the json_object fallback. */
let server: FakeOpenAiServer;
let text: DocumentText;
let truth: ScrRecord;
let good: Answer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const doc = summaryDoc();
  text = doc.text;
  truth = doc.truth;
  good = oracleAnswer(text, truth);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function withDobAsPrinted(a: Answer): Answer {
  const bad = structuredClone(a);
  bad.patient.dateOfBirth = { value: '18/10/1985', evidence: '18 Oct 1985' };
  return bad;
}

/** Answers in turn (the fake's own request index counts across tests). */
function inTurn(...bodies: unknown[]) {
  let n = 0;
  return () => ({ body: bodies[Math.min(n++, bodies.length - 1)] });
}

async function runOnce(port = openAiPort(server)) {
  return port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });
}

describe('validation and repair', () => {
  it('repairs malformed JSON in a second round that sends the problem back', async () => {
    server.setHandler(inTurn(completion('{"patient": {"nhsNumber": '), completion(good)));
    const { result, usage } = await runOnce();
    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(2);
    const repair = chatBody(reqs[1]!).messages;
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair[2]!.content).toBe('{"patient": {"nhsNumber": ');
    expect(repair[3]!.content).toMatch(/not valid JSON/);
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(usage.requests).toBe(2);
  });

  it('repairs a schema violation: the validation errors name the field', async () => {
    server.setHandler(inTurn(completion(withDobAsPrinted(good)), completion(good)));
    const { result } = await runOnce();
    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(2);
    const repairText = chatBody(reqs[1]!).messages[3]!.content;
    expect(repairText).toContain('patient.dateOfBirth.value');
    expect(repairText).toContain('YYYY-MM-DD');
    expect(result.record.patient.dateOfBirth).toBe('1985-10-18');
  });

  it('still invalid after the repair round → ERR_EXTRACTION with the reason, quoting no values', async () => {
    server.setHandler(() => ({ body: completion(withDobAsPrinted(good)) }));
    const err = await runOnce().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_EXTRACTION', reason: 'schema-mismatch', retryable: false });
    const message = (err as Error).message;
    expect(message).toContain('patient.dateOfBirth.value');
    expect(message).not.toContain('18/10/1985');
    expect(chatRequests(server)).toHaveLength(2);
  });

  it('invalid JSON twice → ERR_EXTRACTION (invalid-json) without echoing the answer', async () => {
    server.setHandler(() => ({ body: completion('Mrs Aisha WILSON takes Cetirizine') }));
    const err = await runOnce().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_EXTRACTION', reason: 'invalid-json' });
    expect((err as Error).message).not.toContain('WILSON');
  });

  it('a refusal → ERR_EXTRACTION, not repaired', async () => {
    server.setHandler(() => {
      const body = completion('') as { choices: { message: { content: string | null; refusal: string | null } }[] };
      body.choices[0]!.message.content = null;
      body.choices[0]!.message.refusal = 'I cannot help with that.';
      return { body };
    });
    await expect(runOnce()).rejects.toMatchObject({ code: 'ERR_EXTRACTION', reason: 'refused' });
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('accepts JSON wrapped in a code fence (models without a response format do this)', async () => {
    server.setHandler(() => ({ body: completion('```json\n' + JSON.stringify(good) + '\n```') }));
    const { result } = await runOnce();
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(chatRequests(server)).toHaveLength(1);
  });
});

describe('servers without json_schema', () => {
  const rejectSchema = apiError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.");

  it('falls back to json_object with the schema in the prompt, and remembers', async () => {
    server.setHandler((req) => {
      const format = (req.body as { response_format?: { type: string } }).response_format?.type;
      return format === 'json_schema' ? rejectSchema : { body: completion(good) };
    });
    const port = openAiPort(server);
    const { result, usage } = await runOnce(port);
    const reqs = chatRequests(server);
    expect(reqs.map((r) => chatBody(r).response_format?.type)).toEqual(['json_schema', 'json_object']);
    const system = chatBody(reqs[1]!).messages[0]!.content;
    expect(system).toContain('JSON Schema');
    expect(system).toContain('"evidence"');
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(usage.requests).toBe(1);

    // The next document goes straight to the fallback.
    server.requests.length = 0;
    await runOnce(port);
    expect(chatRequests(server).map((r) => chatBody(r).response_format?.type)).toEqual(['json_object']);
  });

  it('starts with the fallback when testConnection already found it', async () => {
    server.setHandler(() => ({ body: completion(good) }));
    await runOnce(openAiPort(server, {}, { structuredOutput: 'json_object' }));
    expect(chatRequests(server).map((r) => chatBody(r).response_format?.type)).toEqual(['json_object']);
  });

  it('asks in the prompt alone when json_object is rejected too', async () => {
    server.setHandler((req) =>
      (req.body as { response_format?: unknown }).response_format ? apiError(400, 'response_format is not supported') : { body: completion(good) },
    );
    const { result } = await runOnce();
    expect(chatRequests(server).map((r) => chatBody(r).response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
  });

  it('a 400 about something else is not mistaken for a missing capability', async () => {
    server.setHandler(() => apiError(400, "This model's maximum context length is 8192 tokens.", 'context_length_exceeded'));
    await expect(runOnce()).rejects.toMatchObject({ code: 'ERR_PROCESSING', reason: 'too-long', retryable: false });
    expect(chatRequests(server)).toHaveLength(1);
  });
});
