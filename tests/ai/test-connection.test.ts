import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../main/core/provider/test-connection';
import { apiError, completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { chatBody, chatRequests, openAiConfig, TEST_KEY } from './helpers/ports';

/** "Test connection" in settings: one plain-English status per provider, no patient data sent. */
let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.setModels(['fake-model', 'gpt-4o-mini']);
  server.setModelsResponse(null);
  server.setHandler(() => ({ body: completion('{"ok": true}') }));
});

describe('testConnection', () => {
  it('reachable: lists models, then one tiny structured request', async () => {
    server.setHandler(() => ({ body: completion('{"ok": true}') }));
    const report = await testConnection(openAiConfig(server), TEST_KEY);
    expect(report).toMatchObject({ status: 'reachable', structuredOutput: 'json_schema' });
    expect(report.message).toMatch(/^Connected/);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    const req = chatRequests(server)[0]!;
    expect(chatBody(req).response_format?.type).toBe('json_schema');
    expect(req.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(req.rawBody).not.toContain(TEST_KEY);
  });

  it('auth-rejected on a 401', async () => {
    server.setModelsResponse(apiError(401, 'Incorrect API key provided'));
    const report = await testConnection(openAiConfig(server), 'sk-wrong-key-0000000000000000');
    expect(report.status).toBe('auth-rejected');
    expect(report.message).toContain('rejected the key');
  });

  it('model-missing when the server does not list the model', async () => {
    server.setModels(['llama3.1']);
    const report = await testConnection(openAiConfig(server, { model: 'gpt-4o-mini' }), TEST_KEY);
    expect(report.status).toBe('model-missing');
    expect(report.message).toContain('gpt-4o-mini');
    expect(chatRequests(server)).toHaveLength(0);
  });

  it('model-missing when an Azure deployment does not exist', async () => {
    server.setHandler(() => apiError(404, 'The API deployment for this resource does not exist.', 'DeploymentNotFound'));
    const report = await testConnection(
      { kind: 'azure', azureEndpoint: server.url, azureDeployment: 'nope', azureApiVersion: '2024-10-21' },
      TEST_KEY,
    );
    expect(report.status).toBe('model-missing');
    expect(report.message).toContain('deployment "nope"');
    expect(server.requests.map((r) => r.path)).toEqual(['/openai/deployments/nope/chat/completions']);
  });

  it('no-structured-output when json_schema is rejected but JSON mode works', async () => {
    server.setHandler((req) =>
      (req.body as { response_format?: { type: string } }).response_format?.type === 'json_schema'
        ? apiError(400, "'response_format.type' json_schema is not supported by this server")
        : { body: completion('{"ok": true}') },
    );
    const report = await testConnection({ kind: 'compatible', baseUrl: server.baseURL, model: 'fake-model' }, null);
    expect(report).toMatchObject({ status: 'no-structured-output', structuredOutput: 'json_object' });
    expect(report.message).toContain('does not support structured output');
  });

  it('a local server without a model list is still tested with the chat request', async () => {
    server.setModelsResponse({ status: 404, body: { error: { message: 'not found' } } });
    const report = await testConnection({ kind: 'compatible', baseUrl: server.baseURL, model: 'anything' }, null);
    expect(report.status).toBe('reachable');
  });

  it('unreachable when nothing listens', async () => {
    const gone = await startFakeOpenAiServer();
    const baseUrl = gone.baseURL;
    await gone.close();
    const report = await testConnection({ kind: 'compatible', baseUrl, model: 'm' }, null);
    expect(report.status).toBe('unreachable');
    expect(report.message).toContain('Could not reach');
  });

  it('not-configured, saying what is missing', async () => {
    expect(await testConnection(null, null)).toMatchObject({ status: 'not-configured' });
    expect((await testConnection({ kind: 'openai' }, null)).message).toContain('No OpenAI key');
    expect((await testConnection({ kind: 'azure', azureEndpoint: server.url }, TEST_KEY)).message).toContain('deployment');
    expect((await testConnection({ kind: 'compatible', model: 'm' }, null)).message).toContain('base URL');
    expect(server.requests).toHaveLength(0);
  });
});
