import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiPort } from '../../main/core/extract/ai/ai-port';
import type { DocumentText } from '../../main/core/contract/text';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { prf, scoreRecord } from '../helpers/score';
import { chatBody, chatRequests, promptText, signal, TEST_KEY } from './helpers/ports';
import type { ScrRecord } from '../../main/core/contract/record';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { oracleAnswer, rowsPdf, summaryDoc } from './helpers/docs';

/** Azure OpenAI (e.g. UK South): the deployment in the path, api-version in the query, the key in `api-key`. */
let server: FakeOpenAiServer;
let text: DocumentText;
let truth: ScrRecord;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const doc = summaryDoc({ twoPages: true });
  text = await readDocumentText(await rowsPdf(doc.rows), { maxPages: 10 });
  truth = doc.truth;
});
afterAll(() => server.close());

describe('Azure OpenAI provider', () => {
  it('calls /openai/deployments/<deployment>/chat/completions?api-version=… with the api-key header only', async () => {
    const answer = oracleAnswer(text, truth);
    server.setHandler(() => ({ body: completion(answer) }));
    const port = createAiPort({
      config: {
        kind: 'azure',
        azureEndpoint: server.url,
        azureDeployment: 'scr-extract-uksouth',
        azureApiVersion: '2024-10-21',
        model: 'gpt-4o-mini',
      },
      key: TEST_KEY,
    });
    expect(port.id).toBe('azure:scr-extract-uksouth');

    const { result, usage } = await port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });

    const req = chatRequests(server)[0]!;
    expect(req.path).toBe('/openai/deployments/scr-extract-uksouth/chat/completions');
    expect(req.query).toEqual({ 'api-version': '2024-10-21' });
    expect(req.headers['api-key']).toBe(TEST_KEY);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.rawBody).not.toContain(TEST_KEY);
    expect(JSON.stringify(Object.entries(req.headers).filter(([k]) => k !== 'api-key'))).not.toContain(TEST_KEY);
    expect(chatBody(req).response_format?.type).toBe('json_schema');

    // The running footer is not sent.
    expect(promptText(req)).not.toContain('Printed by Oakwood Surgery');
    expect(req.rawBody).not.toContain('%PDF-');

    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    // Priced as the model behind the deployment.
    expect(usage.costUsd).not.toBeNull();
  });
});
