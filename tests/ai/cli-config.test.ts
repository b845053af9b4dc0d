import { describe, expect, it } from 'vitest';
import { CliConfigError, refuseKeyArguments, resolveAiCliConfig, takeAiCliOptions, type Env } from '../../main/cli/ai-options';

/** The extract command's AI options: keys from the environment or a file, never from arguments. */
const noFile = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

function resolve(argv: string[], env: Env = {}, files: Record<string, string> = {}) {
  const { options, rest } = takeAiCliOptions(argv);
  const resolved = resolveAiCliConfig(options, env, (p) => (p in files ? files[p]! : noFile(p)));
  return { ...resolved, rest };
}

describe('keys on the command line', () => {
  it.each([
    ['--api-key', 'sk-abcdefghijklmnopqrstuvwx'],
    ['--api-key=sk-abcdefghijklmnopqrstuvwx'],
    ['--openai-api-key', 'abc'],
    ['--azure_api_key=abc'],
    ['--key', 'abc'],
    ['--token=abc'],
    ['sk-proj-abcdefghijklmnopqrstuvwx'],
    ['--model=sk-abcdefghijklmnopqrstuvwx'],
  ])('refuses %s, without repeating it', (...argv) => {
    const attempt = () => takeAiCliOptions(['scan.pdf', ...argv]);
    expect(attempt).toThrow(CliConfigError);
    expect(attempt).toThrow(/shell history/);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('abcdefghij');
    }
  });

  it('lets ordinary arguments through', () => {
    expect(() => refuseKeyArguments(['--extractor', 'auto', '--monkey-file', 'keys.pdf', 'monkey.pdf', '--format', 'json'])).not.toThrow();
  });
});

describe('resolving the provider', () => {
  it('takes the AI options out and returns the rest in order', () => {
    const r = takeAiCliOptions(['a.pdf', '--extractor', 'ai', '--model=gpt-4o', '--format', 'json', 'b.pdf']);
    expect(r.options).toEqual({ extractor: 'ai', model: 'gpt-4o' });
    expect(r.rest).toEqual(['a.pdf', '--format', 'json', 'b.pdf']);
    expect(() => takeAiCliOptions(['--provider'])).toThrow(/needs a value/);
  });

  it('stays offline unless AI is asked for, even with OPENAI_API_KEY set', () => {
    expect(resolve(['a.pdf'], { OPENAI_API_KEY: 'sk-env' })).toMatchObject({ mode: 'rules', provider: null, key: null });
    expect(resolve(['--extractor', 'rules', '--provider', 'openai'], { OPENAI_API_KEY: 'sk-env' })).toMatchObject({ mode: 'rules', provider: null, key: null });
  });

  it('OpenAI from the environment; auto is the default once a provider is chosen', () => {
    const r = resolve(['--provider', 'openai'], { OPENAI_API_KEY: 'sk-env' });
    expect(r).toMatchObject({ mode: 'auto', key: 'sk-env', keySource: 'OPENAI_API_KEY' });
    expect(r.provider).toMatchObject({ kind: 'openai', model: 'gpt-4o-mini', recheckFlagged: true });
    expect(resolve(['--extractor', 'ai', '--model', 'gpt-4.1-mini'], { OPENAI_API_KEY: 'sk-env' }).provider).toMatchObject({ kind: 'openai', model: 'gpt-4.1-mini' });
  });

  it('Azure from its environment variables', () => {
    const env = {
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_ENDPOINT: 'https://scr-uksouth.openai.azure.com',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-mini',
    };
    const r = resolve(['--extractor', 'auto'], env);
    expect(r).toMatchObject({ mode: 'auto', key: 'azure-key', keySource: 'AZURE_OPENAI_API_KEY' });
    expect(r.provider).toMatchObject({ kind: 'azure', azureEndpoint: env.AZURE_OPENAI_ENDPOINT, azureDeployment: 'gpt-4o-mini', azureApiVersion: '2024-10-21' });
    expect(() => resolve(['--provider', 'azure'], { AZURE_OPENAI_API_KEY: 'k' })).toThrow(/AZURE_OPENAI_ENDPOINT/);
  });

  it('a local server by base URL: no key, and never the OpenAI key', () => {
    const r = resolve(['--provider', 'compatible', '--base-url', 'http://127.0.0.1:11434/v1', '--model', 'llama3.1'], { OPENAI_API_KEY: 'sk-env' });
    expect(r).toMatchObject({ mode: 'auto', key: null, keySource: null });
    expect(r.provider).toMatchObject({ kind: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' });
    expect(resolve(['--extractor', 'ai', '--base-url', 'http://127.0.0.1:8080/v1', '--model', 'q'], {}).provider?.kind).toBe('compatible');
    expect(() => resolve(['--provider', 'compatible', '--model', 'm'])).toThrow(/--base-url/);
    expect(() => resolve(['--provider', 'compatible', '--base-url', 'http://127.0.0.1:1/v1'])).toThrow(/--model/);
  });

  it('a config file, whose key wins over the environment', () => {
    const files = {
      'ai.json': JSON.stringify({ provider: 'openai', model: 'gpt-4o', apiKey: 'sk-file', recheckFlagged: false, extractor: 'ai' }),
    };
    const r = resolve(['--ai-config', 'ai.json'], { OPENAI_API_KEY: 'sk-env' }, files);
    expect(r).toMatchObject({ mode: 'ai', key: 'sk-file', keySource: 'config file' });
    expect(r.provider).toMatchObject({ kind: 'openai', model: 'gpt-4o', recheckFlagged: false });
  });

  it('says what is wrong with a config file, without echoing it', () => {
    expect(() => resolve(['--ai-config', 'bad.json'], {}, { 'bad.json': '{"provider": "openai", "apiKee": "sk-secret"}' })).toThrow(/apiKee/);
    expect(() => resolve(['--ai-config', 'bad.json'], {}, { 'bad.json': '{"provider": "openai", "apiKee": "sk-secret"}' })).not.toThrow(/sk-secret/);
    expect(() => resolve(['--ai-config', 'x.json'], {}, { 'x.json': 'not json' })).toThrow(/as JSON/);
  });

  it('refuses AI without a provider or a key, and unknown option values', () => {
    expect(() => resolve(['--extractor', 'ai'], {})).toThrow(/needs a provider/);
    expect(() => resolve(['--provider', 'openai'], {})).toThrow(/OPENAI_API_KEY/);
    expect(() => resolve(['--extractor', 'gpt'], {})).toThrow(/rules, ai or auto/);
    expect(() => resolve(['--provider', 'anthropic'], {})).toThrow(/openai, azure or compatible/);
    expect(() => resolve(['--provider', 'compatible', '--base-url', 'not a url', '--model', 'm'], {})).toThrow(/baseUrl/);
  });
});

describe('the batch’s AI limits', () => {
  const local = ['--provider', 'compatible', '--base-url', 'http://127.0.0.1:11434/v1', '--model', 'llama3.1'];

  it('are the app’s defaults unless set (the engine applies 100 an hour and 200,000 tokens a day)', () => {
    expect(resolve(local).limits).toEqual({});
    expect(resolve(['a.pdf']).limits).toEqual({});
  });

  it('are taken from --requests-per-hour and --daily-tokens, in either argument form', () => {
    const r = resolve([...local, '--requests-per-hour', '30', '--daily-tokens=50000', 'a.pdf']);
    expect(r.limits).toEqual({ requestsPerHour: 30, dailyTokens: 50000 });
    expect(r.rest).toEqual(['a.pdf']);
  });

  it('are accepted as keys in --ai-config, the command line winning', () => {
    const files = { 'ai.json': JSON.stringify({ provider: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'm', requestsPerHour: 10, dailyTokens: 9000 }) };
    expect(resolve(['--ai-config', 'ai.json'], {}, files).limits).toEqual({ requestsPerHour: 10, dailyTokens: 9000 });
    expect(resolve(['--ai-config', 'ai.json', '--requests-per-hour', '12'], {}, files).limits).toEqual({ requestsPerHour: 12, dailyTokens: 9000 });
    expect(() => resolve(['--ai-config', 'bad.json'], {}, { 'bad.json': JSON.stringify({ requestsPerHour: 0 }) })).toThrow(/requestsPerHour/);
  });

  it('must be whole numbers of 1 or more', () => {
    expect(() => resolve([...local, '--requests-per-hour', '0'])).toThrow(/--requests-per-hour needs a whole number/);
    expect(() => resolve([...local, '--daily-tokens', '2.5'])).toThrow(/--daily-tokens needs a whole number/);
    expect(() => takeAiCliOptions(['--daily-tokens'])).toThrow(/needs a value/);
  });

  it('are not mistaken for a key given as an argument', () => {
    expect(() => refuseKeyArguments(['--daily-tokens', '5000', '--daily-tokens=5000', '--requests-per-hour=3'])).not.toThrow();
  });
});
