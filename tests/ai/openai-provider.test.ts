import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAiPort } from '../../main/core/extract/ai/ai-port';
import { estimateCostUsd, priceFor } from '../../main/core/provider/prices';
import type { DocumentText } from '../../main/core/contract/text';
import { buildDocumentView } from '../../main/core/layout/document-view';
import { configureLogging } from '../../main/core/log/logger';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { prf, scoreRecord } from '../helpers/score';
import { chatBody, chatRequests, openAiPort, promptText, signal, TEST_KEY } from './helpers/ports';
import type { ScrRecord } from '../../main/core/contract/record';
import type { Answer } from '../../main/core/extract/ai/answer-schema';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { oracleAnswer, rowsPdf, summaryDoc } from './helpers/docs';

/** OpenAI and OpenAI-compatible servers, through the real SDK over real HTTP. */
let server: FakeOpenAiServer;
let text: DocumentText;
let truth: ScrRecord;
let answer: { answer: Answer };

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  // A two-page summary with a running footer, read through the real PDF reader.
  const doc = summaryDoc({ twoPages: true });
  text = await readDocumentText(await rowsPdf(doc.rows), { maxPages: 10 });
  truth = doc.truth;
  answer = { answer: oracleAnswer(text, truth) };
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  configureLogging({ sinks: [] });
});

/** Every object in a JSON Schema, with its path. */
function objectsIn(schema: unknown, path = '$'): { path: string; node: Record<string, unknown> }[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const out = node.type === 'object' ? [{ path, node }] : [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, child] of Object.entries(v)) out.push(...objectsIn(child, `${path}.${name}`));
    } else if (k === 'items') out.push(...objectsIn(v, `${path}[]`));
  }
  return out;
}

describe('OpenAI provider', () => {
  it('extracts a record with a strict json_schema request, the key only in the Authorization header', async () => {
    server.setHandler(() => ({ body: completion(answer.answer, { promptTokens: 3000, completionTokens: 2000 }) }));
    const logLines: string[] = [];
    configureLogging({ level: 'debug', sinks: [(line) => logLines.push(line)] });
    const port = openAiPort(server);
    expect(port.id).toBe('openai:gpt-4o-mini');
    const plan = port.plan(text, null, 'ai')!;
    expect(plan.scope).toBe('document');

    const { result, usage } = await port.run(text, null, plan, { signal: signal() });

    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(1);
    const req = reqs[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(req.headers['api-key']).toBeUndefined();
    // The key appears nowhere else: not in the body, the URL or any other header.
    expect(req.rawBody).not.toContain(TEST_KEY);
    expect(JSON.stringify(req.query)).not.toContain(TEST_KEY);
    const otherHeaders = Object.entries(req.headers).filter(([k]) => k !== 'authorization');
    expect(JSON.stringify(otherHeaders)).not.toContain(TEST_KEY);

    const body = chatBody(req);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.strict).toBe(true);
    const objects = objectsIn(body.response_format?.json_schema?.schema);
    expect(objects.length).toBeGreaterThan(10);
    for (const { path, node } of objects) {
      expect(node.additionalProperties, path).toBe(false);
      expect([...(node.required as string[])].sort(), path).toEqual(Object.keys(node.properties as object).sort());
    }
    // Every value is asked for with its evidence.
    const patientProps = (body.response_format!.json_schema!.schema as { properties: { patient: { properties: Record<string, { properties: object }> } } })
      .properties.patient.properties;
    expect(Object.keys(patientProps.dateOfBirth!.properties)).toEqual(['value', 'evidence']);

    // Text only, and no page furniture (the running footer of this document).
    expect(req.rawBody).not.toContain('%PDF-');
    const view = buildDocumentView(text);
    expect(view.furniture.length).toBeGreaterThan(0);
    const prompt = promptText(req);
    expect(prompt).not.toContain('6:53 AM');
    expect(prompt).toContain('Simvastatin 40mg tablets');

    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(result.extractor).toBe('ai');
    expect(result.warnings).toEqual([]);
    // Every value has provenance from the AI with boxes on a page, and a confidence.
    expect(result.provenance['patient.nhsNumber']).toMatchObject({ extractor: 'ai', text: '999 886 5085' });
    expect(result.provenance['patient.nhsNumber']!.boxes[0]).toMatchObject({ page: 1 });
    expect(result.provenance['medications.1.name']!.text).toBe('Simvastatin 40mg tablets');
    // A name wrapped in its cell: boxes on both lines.
    expect(result.provenance['medications.0.name']!.boxes).toHaveLength(2);
    const lastProblem = result.record.problems.length - 1;
    expect(result.provenance[`problems.${lastProblem}.term`]!.boxes[0]!.page).toBe(2);
    expect(result.confidence['patient.nhsNumber']).toBeGreaterThan(0.8);

    expect(usage).toEqual({ promptTokens: 3000, completionTokens: 2000, totalTokens: 5000, requests: 1, costUsd: estimateCostUsd('gpt-4o-mini', 3000, 2000) });
    expect(usage.costUsd).toBeCloseTo((3000 * 0.15 + 2000 * 0.6) / 1e6, 9);

    // Logs carry counts and timings, never the document, values or the key.
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('\n');
    for (const secret of [TEST_KEY, 'Simvastatin', 'Okafor', 'OKAFOR', '999 886 5085', '9998865085', 'Oakwood']) {
      expect(logs).not.toContain(secret);
    }
  });

  it('prices models from one table, dated snapshots included, and local servers at nothing', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(priceFor('gpt-4o-mini'));
    expect(priceFor('gpt-4o')).not.toEqual(priceFor('gpt-4o-mini'));
    expect(estimateCostUsd('llama3.1:8b', 1000, 1000)).toBeNull();
    expect(estimateCostUsd(null, 1000, 1000)).toBeNull();
  });
});

describe('OpenAI-compatible server', () => {
  it('sends no Authorization header when no key is set, and never an OPENAI_API_KEY from the environment', async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-environment-key-must-not-leak-123456';
    try {
      server.setHandler(() => ({ body: completion(answer.answer) }));
      const port = createAiPort({ config: { kind: 'compatible', baseUrl: server.baseURL, model: 'llama3.1' }, key: null });
      expect(port.id).toBe(`compatible:llama3.1@${new URL(server.url).host}`);
      const { result, usage } = await port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });
      const req = chatRequests(server)[0]!;
      expect(req.headers.authorization).toBeUndefined();
      expect(JSON.stringify(req.headers)).not.toContain('sk-environment-key');
      expect(chatBody(req).model).toBe('llama3.1');
      expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
      expect(usage.costUsd).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('sends the key as a bearer token when one is set', async () => {
    server.setHandler(() => ({ body: completion(answer.answer) }));
    const port = createAiPort({ config: { kind: 'compatible', baseUrl: server.baseURL, model: 'qwen2.5' }, key: TEST_KEY });
    await port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });
    expect(chatRequests(server)[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });
});
