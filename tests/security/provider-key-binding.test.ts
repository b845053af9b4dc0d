import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebMode, type WebMode } from '../../main/server/web-mode';
import { createCoreAiLink } from '../../main/services/core-ai-link';
import { createMemoryKeyStore } from '../../main/services/key-store';
import { endpointRefusal, isLoopbackHost } from '../../main/services/provider-endpoint';
import { bindKeyToEndpoint } from '../../main/services/provider-keys';
import { createFakeEngine, createIdleCpuPool } from '../helpers/fake-engine';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { makeServices, tempDir, type Harness } from '../server/harness';
import { fakeRendererDir } from '../server/http-helpers';

/**
 * Issue 13, item 8, re-run for real: web mode's real handlers and the real openai SDK
 * (createCoreAiLink), with a listener on loopback standing in for someone else's server.
 * Pointing the address at it and pressing Test connection sent `Authorization: Bearer
 * <the saved key>`; with the key cleared it sent the environment's OPENAI_API_KEY.
 */
const SAVED_KEY = 'sk-saved-for-openai-0123456789abcdef';
const ENV_KEY = 'sk-from-the-environment-0123456789abcdef';

let web: WebMode | null = null;
let listener: FakeOpenAiServer;
let cleanup: string[] = [];
let savedEnv: string | undefined;
let h: Harness | null = null;

beforeEach(async () => {
  listener = await startFakeOpenAiServer();
  listener.setModels(['gpt-4o-mini']);
  savedEnv = process.env.OPENAI_API_KEY;
});

afterEach(async () => {
  await web?.stop();
  web = null;
  await h?.cleanup();
  h = null;
  await listener.close();
  for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedEnv;
});

async function startWeb(): Promise<WebMode> {
  const dataDir = tempDir('scr-keybind-');
  const dirs = fakeRendererDir();
  cleanup = [...cleanup, dataDir, dirs.root];
  web = await startWebMode({
    dataDir,
    rendererDir: dirs.rendererDir,
    port: 0,
    version: '0.0.0-test',
    createEngine: (o) => createFakeEngine(o),
    createCpuPool: () => createIdleCpuPool(),
    ai: createCoreAiLink(),
    kdfIterations: 100_000,
  });
  const opened = await web.services.invoke('setUpDataKey', { passphrase: 'key binding test passphrase' });
  expect(opened.ok).toBe(true);
  return web;
}

/** Every credential the listener was sent, in any header the SDK uses for keys. */
function keysSeen(): string[] {
  return listener.requests.flatMap((r) => [r.headers.authorization, r.headers['api-key']].filter((v): v is string => typeof v === 'string'));
}

describe('a saved AI key is bound to the endpoint it was saved for', () => {
  it('pointing the address at another server and pressing Test connection does not send the saved key', async () => {
    const { services } = await startWeb();
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    expect(await services.invoke('setProviderKey', { key: SAVED_KEY })).toMatchObject({ ok: true, value: { hasKey: true } });

    // The attack: same kind, the address changed to a listener of the attacker's.
    expect((await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: listener.baseURL } } })).ok).toBe(true);
    const test = await services.invoke('testProvider', {});

    // Before the fix the listener got "Authorization: Bearer sk-saved-for-openai-…".
    expect(keysSeen().filter((k) => k.includes(SAVED_KEY))).toEqual([]);
    expect(test).toMatchObject({ ok: true, value: { status: 'not-configured', message: expect.stringMatching(/different AI service address/) } });
    expect(await services.invoke('hasProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
    // The engine's port was rebuilt without the key, too.
    expect(listener.requests).toEqual([]);
  });

  it('changing only the kind (openai → compatible, same server) sends no key either', async () => {
    const { services } = await startWeb();
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: listener.baseURL } } });
    await services.invoke('setProviderKey', { key: SAVED_KEY });
    await services.invoke('updateSettings', { settings: { provider: { kind: 'compatible', model: 'gpt-4o-mini', baseUrl: listener.baseURL } } });
    await services.invoke('testProvider', {});
    // A local server may need no key: the test ran, without any.
    expect(listener.requests.length).toBeGreaterThan(0);
    expect(keysSeen()).toEqual([]);
  });

  it('the key typed again for the new address is used there (the binding moves with a deliberate save)', async () => {
    const { services } = await startWeb();
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    await services.invoke('setProviderKey', { key: SAVED_KEY });
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: listener.baseURL } } });
    const retyped = 'sk-typed-for-the-local-server-0123456789';
    expect(await services.invoke('setProviderKey', { key: retyped })).toMatchObject({ ok: true, value: { hasKey: true } });
    expect(await services.invoke('testProvider', {})).toMatchObject({ ok: true, value: { status: 'reachable' } });
    expect(new Set(keysSeen())).toEqual(new Set([`Bearer ${retyped}`]));
    // And not back to the first address: going back needs the key again.
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    expect(await services.invoke('hasProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
  });

  it('never falls back to OPENAI_API_KEY from the environment, with or without a key cleared first', async () => {
    process.env.OPENAI_API_KEY = ENV_KEY;
    const { services } = await startWeb();
    await services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: listener.baseURL } } });
    await services.invoke('setProviderKey', { key: SAVED_KEY });
    await services.invoke('clearProviderKey', {});
    expect(await services.invoke('hasProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
    const test = await services.invoke('testProvider', {});
    // Before the fix the listener got "Authorization: Bearer sk-from-the-environment-…".
    expect(keysSeen().filter((k) => k.includes(ENV_KEY))).toEqual([]);
    expect(test).toMatchObject({ ok: true, value: { status: 'not-configured' } });
  });

  it('refuses to save a key before an AI service is chosen (it would have no endpoint to belong to)', async () => {
    const { services } = await startWeb();
    expect(await services.invoke('setProviderKey', { key: SAVED_KEY })).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
  });
});

describe('plain http only to this computer', () => {
  it('refuses a plain-http address on the network, for each kind; https anywhere and http to loopback are fine', async () => {
    const { services } = await startWeb();
    const refused = [
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://192.0.2.10:11434/v1' },
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://llm.practice.example/v1' },
      { kind: 'openai', model: 'gpt-4o-mini', baseUrl: 'http://api.openai.com/v1' },
      { kind: 'azure', azureEndpoint: 'http://my-resource.openai.azure.com', azureDeployment: 'scr' },
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'ftp://127.0.0.1/v1' },
    ];
    for (const provider of refused) {
      const out = await services.invoke('updateSettings', { settings: { provider } });
      expect(out, JSON.stringify(provider)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST', message: expect.stringMatching(/https:\/\//) } });
    }
    const allowed = [
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://127.0.0.1:11434/v1' },
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://localhost:11434/v1' },
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://[::1]:11434/v1' },
      { kind: 'compatible', model: 'llama3.1', baseUrl: 'https://llm.practice.example/v1' },
      { kind: 'azure', azureEndpoint: 'https://my-resource.openai.azure.com', azureDeployment: 'scr' },
    ];
    for (const provider of allowed) {
      expect((await services.invoke('updateSettings', { settings: { provider } })).ok, JSON.stringify(provider)).toBe(true);
    }
  });

  it('a plain-http network address kept from an earlier version is not used: no port, and the test says why', async () => {
    const dataDir = tempDir('scr-keybind-');
    cleanup.push(dataDir);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ provider: { kind: 'compatible', model: 'llama3.1', baseUrl: 'http://192.0.2.10:11434/v1' } }));
    const built: unknown[] = [];
    h = makeServices({
      dataDir,
      ai: {
        createAiPort: (config) => {
          built.push(config);
          return { id: 'x', plan: () => null, run: () => Promise.reject(new Error('unused')), probe: async () => undefined };
        },
        testConnection: async () => ({ status: 'reachable', message: 'should not be reached' }),
      },
    });
    expect(built).toEqual([]);
    expect(h.engine.ai.at(-1)?.port).toBeNull();
    expect(await h.services.invoke('testProvider', {})).toMatchObject({ ok: true, value: { status: 'not-configured', message: expect.stringMatching(/https:\/\//) } });
  });

  it('names loopback hosts exactly', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', '[::2]', '0.0.0.0']) expect(isLoopbackHost(host), host).toBe(false);
    expect(endpointRefusal({ kind: 'openai', model: 'm', azureApiVersion: 'v', timeoutMs: 60000, recheckFlagged: false })).toBeNull();
  });
});

describe('a key saved by an earlier version (no binding)', () => {
  const openai = { kind: 'openai' as const, model: 'gpt-4o-mini', azureApiVersion: '2024-10-21', timeoutMs: 60_000, recheckFlagged: false };

  it('is bound once to the provider configured at start, and only sent there', () => {
    const inner = createMemoryKeyStore();
    inner.set(SAVED_KEY);
    const keys = bindKeyToEndpoint(inner, openai);
    expect(keys.keyFor(openai)).toBe(SAVED_KEY);
    expect(keys.keyFor({ ...openai, baseUrl: listener.baseURL })).toBeNull();
    expect(keys.keyFor({ ...openai, kind: 'compatible', baseUrl: 'https://api.openai.com/v1' })).toBeNull();
    expect(JSON.parse(inner.get()!)).toEqual({ v: 1, key: SAVED_KEY, kind: 'openai', origin: 'https://api.openai.com' });
  });

  it('is never handed out when no provider was configured at start', () => {
    const inner = createMemoryKeyStore();
    inner.set(SAVED_KEY);
    const keys = bindKeyToEndpoint(inner, null);
    expect(keys.keyFor(openai)).toBeNull();
    expect(keys.savedForAnother(openai)).toBe(true);
  });
});
