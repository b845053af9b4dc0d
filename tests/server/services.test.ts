import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiCallError, CHANNELS, channels, type ApiEvent } from '../../main/core/api/contract';
import { defaultSettings } from '../../main/core/contract/settings';
import type { AiLink } from '../../main/services/ai-link';
import { BAD_PAYLOADS, SECURITY_STATE_CHANNELS, VALID_PAYLOADS, makeServices, type Harness } from './harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('services: one handler per channel', () => {
  it('has a handler for every row of the channel table, and nothing else', () => {
    h = makeServices();
    expect(Object.keys(h.services.handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('parses each payload once, before dispatch, and hands the handler what the schema made of it', async () => {
    h = makeServices();
    const parse = vi.spyOn(channels.submitDocuments.request, 'safeParse');
    const strict = vi.spyOn(channels.submitDocuments.request, 'parse');
    try {
      const outcome = await h.services.invoke('submitDocuments', VALID_PAYLOADS.submitDocuments);
      expect(outcome.ok).toBe(true);
      expect(parse).toHaveBeenCalledTimes(1);
      expect(strict).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      strict.mockRestore();
    }
    // The parsed request, not the raw payload: an updateSettings handler sees only the keys sent.
    const seen: unknown[] = [];
    const original = h.services.handlers.updateSettings;
    h.services.handlers.updateSettings = async (request) => {
      seen.push(request);
      return original(request);
    };
    await h.services.invoke('updateSettings', { settings: { maxPages: 7 } });
    expect(seen).toEqual([{ settings: { maxPages: 7 } }]);
  });

  it.each(CHANNELS)('%s refuses a payload its schema rejects, without touching the engine', async (channel) => {
    h = makeServices();
    const outcome = await h.services.invoke(channel, BAD_PAYLOADS[channel]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('ERR_BAD_REQUEST');
      // Paths, never values.
      expect(JSON.stringify(outcome.error)).not.toContain('etc/passwd');
    }
    expect(h.engine.calls).toEqual([]);
  });

  it.each(CHANNELS)('%s answers a valid payload (or says it is unavailable here)', async (channel) => {
    h = makeServices();
    // A key is saved for the service the settings name: one has to be chosen first.
    if (channel === 'setProviderKey') await h.services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    const outcome = await h.services.invoke(channel, VALID_PAYLOADS[channel]);
    // writeExportFile: no export folder is set in a fresh data folder.
    if (['saveCsv', 'pickDocuments', 'chooseWatchedFolder', 'chooseExportFolder', 'writeExportFile'].includes(channel) || SECURITY_STATE_CHANNELS.includes(channel)) {
      expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_UNAVAILABLE' } });
    } else if (channel === 'readPickedDocument') {
      // A well-formed id main never gave out: refused, naming the field only.
      expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST', issues: ['pickId'] } });
    } else {
      expect(outcome.ok).toBe(true);
    }
  });

  it('refuses an unknown channel', async () => {
    h = makeServices();
    const outcome = await h.services.invoke('readFile' as never, {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
  });

  it('hands submitted bytes to the engine as a bytes source', async () => {
    h = makeServices();
    const bytes = new Uint8Array([37, 80, 68, 70, 45]);
    const outcome = await h.services.invoke('submitDocuments', {
      docs: [{ id: 'd1', name: 'x.pdf', source: { kind: 'bytes', bytes }, priority: true, processAgain: true, mode: 'rules' }],
    });
    expect(outcome.ok).toBe(true);
    const doc = h.engine.submitted[0]!;
    expect(doc).toMatchObject({ id: 'd1', name: 'x.pdf', size: 5, priority: true, processAgain: true, mode: 'rules' });
    expect(doc.source.kind).toBe('bytes');
    expect(doc.source.kind === 'bytes' && [...doc.source.bytes]).toEqual([37, 80, 68, 70, 45]);
  });

  it('turns an unexpected error into ERR_INTERNAL without its message', async () => {
    h = makeServices();
    h.engine.jobs = () => {
      throw new Error('Jane Citizen 943 476 5919');
    };
    const outcome = await h.services.invoke('listJobs', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_INTERNAL' } });
    expect(JSON.stringify(outcome)).not.toContain('Jane');
  });

  it('runs the guard before every call, so a lock can refuse data calls in one place', async () => {
    h = makeServices({
      guard: (c) => {
        if (c !== 'getSessionInfo') throw new ApiCallError('ERR_LOCKED');
      },
    });
    expect(await h.services.invoke('listJobs', {})).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    expect(await h.services.invoke('submitDocuments', VALID_PAYLOADS.submitDocuments)).toMatchObject({ ok: false });
    expect(h.engine.calls).toEqual([]);
    expect((await h.services.invoke('getSessionInfo', {})).ok).toBe(true);
  });
});

describe('services: settings', () => {
  it('stores non-secret settings as validated JSON in the data folder and reads them back', async () => {
    h = makeServices();
    const outcome = await h.services.invoke('updateSettings', { settings: { maxPages: 42, retention: { pdfHoursAfterApproval: 12, recordDays: 7 } } });
    expect(outcome).toMatchObject({ ok: true, value: { settings: { maxPages: 42 }, restartRequired: true } });
    const onDisk = JSON.parse(readFileSync(join(h.dataDir, 'settings.json'), 'utf8'));
    expect(onDisk.maxPages).toBe(42);
    expect(onDisk.retention).toEqual({ pdfHoursAfterApproval: 12, recordDays: 7 });

    const again = makeServices({ dataDir: h.dataDir });
    expect((await again.services.invoke('getSettings', {})) as unknown).toMatchObject({ ok: true, value: { settings: { maxPages: 42 } } });
    await again.services.close();
  });

  it('falls back to defaults when the file is damaged', async () => {
    h = makeServices();
    writeFileSync(join(h.dataDir, 'settings.json'), '{"maxPages": "lots"');
    const again = makeServices({ dataDir: h.dataDir });
    expect(again.settings.get()).toEqual(defaultSettings());
    await again.services.close();
  });

  it('passes limits from the settings to the engine it builds', async () => {
    h = makeServices();
    expect(h.engine.options.limits).toEqual({ maxBytes: 20 * 1024 * 1024, maxPages: 100, timeBudgetMs: 60_000 });
    expect(h.engine.options.mode).toBe('rules');
  });

  it('says a restart is needed only for values the running engine cannot change', async () => {
    h = makeServices();
    const r = await h.services.invoke('updateSettings', { settings: { lock: { enabled: true, idleMinutes: 5 } } });
    expect(r).toMatchObject({ ok: true, value: { restartRequired: false } });
  });
});

describe('services: the provider key', () => {
  const provider = { kind: 'openai' as const, model: 'gpt-4o-mini' };

  function fakeAi(): AiLink & { built: (string | null)[]; tested: (string | null)[] } {
    const built: (string | null)[] = [];
    const tested: (string | null)[] = [];
    return {
      built,
      tested,
      createAiPort(_config, key) {
        if (!key) throw Object.assign(new Error('no key'), { code: 'ERR_AUTH' });
        built.push(key);
        return { id: 'fake', plan: () => null, run: () => Promise.reject(new Error('unused')), probe: async () => undefined };
      },
      async testConnection(_config, key) {
        tested.push(key);
        return { status: 'reachable', message: 'ok' };
      },
    };
  }

  it('sets, reports and clears the key; the renderer only ever learns hasKey', async () => {
    const ai = fakeAi();
    h = makeServices({ ai });
    await h.services.invoke('updateSettings', { settings: { provider } });
    const set = await h.services.invoke('setProviderKey', { key: 'sk-secret-123' });
    expect(set).toEqual({ ok: true, value: { hasKey: true, persisted: false } });
    expect(ai.built).toEqual(['sk-secret-123']);
    expect(h.engine.ai.at(-1)?.port).not.toBeNull();
    expect(h.engine.ai.at(-1)?.mode).toBe('auto');

    for (const c of CHANNELS) {
      if (c === 'setProviderKey' || c === 'clearProviderKey' || c === 'updateSettings') continue;
      const out = await h.services.invoke(c, VALID_PAYLOADS[c]);
      expect(JSON.stringify(out)).not.toContain('sk-secret-123');
    }
    ai.tested.length = 0;
    expect(readFileSync(join(h.dataDir, 'settings.json'), 'utf8')).not.toContain('sk-secret-123');

    expect(await h.services.invoke('testProvider', {})).toEqual({ ok: true, value: { status: 'reachable', message: 'ok' } });
    expect(ai.tested).toEqual(['sk-secret-123']);

    expect(await h.services.invoke('clearProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
    expect(await h.services.invoke('hasProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
    expect(h.engine.ai.at(-1)?.port).toBeNull();
  });

  it('says "not configured" when no provider is chosen', async () => {
    h = makeServices({ ai: fakeAi() });
    const r = await h.services.invoke('testProvider', {});
    expect(r).toMatchObject({ ok: true, value: { status: 'not-configured' } });
  });

  it('never takes a key from the environment (the extract command alone reads OPENAI_API_KEY)', async () => {
    const ai = fakeAi();
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-env';
    try {
      h = makeServices({ ai });
      await h.services.invoke('updateSettings', { settings: { provider } });
      expect(await h.services.invoke('hasProviderKey', {})).toEqual({ ok: true, value: { hasKey: false } });
      expect(ai.built).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });
});

describe('services: events', () => {
  it('fans engine events out to every subscriber, and one failing listener does not stop the rest', async () => {
    h = makeServices();
    const a: ApiEvent[] = [];
    const b: ApiEvent[] = [];
    h.services.subscribe(() => {
      throw new Error('window closed');
    });
    h.services.subscribe((e) => a.push(e));
    const off = h.services.subscribe((e) => b.push(e));
    h.engine.emit({ type: 'removed', jobId: 'j1' });
    off();
    h.engine.emit({ type: 'removed', jobId: 'j2' });
    expect(a).toEqual([
      { type: 'removed', jobId: 'j1' },
      { type: 'removed', jobId: 'j2' },
    ]);
    expect(b).toEqual([{ type: 'removed', jobId: 'j1' }]);
  });

  it('closes the engine when closed', async () => {
    h = makeServices();
    await h.services.close();
    expect(h.engine.closed).toBe(true);
    h = null;
  });
});

describe('services: host ports', () => {
  it('routes saveCsv and pickDocuments to the host when it has them', async () => {
    h = makeServices({
      host: {
        saveCsv: async (r) => ({ saved: true, fileName: r.suggestedName }),
        pickDocuments: async () => ({ files: [{ path: join(h!.dataDir, 'a.pdf'), size: 1 }], leftOut: 0 }),
      },
    });
    expect(await h.services.invoke('saveCsv', { suggestedName: 'x.csv', content: 'a' })).toEqual({ ok: true, value: { saved: true, fileName: 'x.csv' } });
    const picked = await h.services.invoke('pickDocuments', { folder: true });
    expect(picked.ok && picked.value.files.length).toBe(1);
    expect(existsSync(join(h.dataDir, 'settings.json'))).toBe(false);
  });

  it('asks the host for the export folder in its folder dialog, for that purpose, and writes only into the folder it chose', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scr-export-out-'));
    const asked: string[] = [];
    let answer: string | null = out;
    h = makeServices({
      mode: 'desktop',
      host: {
        pickFolder: async (purpose) => {
          asked.push(purpose);
          return answer;
        },
      },
    });
    expect(await h.services.invoke('chooseExportFolder', {})).toMatchObject({ ok: true, value: { cancelled: false, status: { path: out, state: 'ready' } } });
    expect(asked).toEqual(['export']);
    answer = null;
    expect(await h.services.invoke('chooseExportFolder', {})).toMatchObject({ ok: true, value: { cancelled: true, status: { path: out } } });
    // The watched folder's dialog is asked for its own purpose.
    await h.services.invoke('chooseWatchedFolder', {});
    expect(asked).toEqual(['export', 'export', 'watch']);

    const written = await h.services.invoke('writeExportFile', { content: 'NHS number\r\n', documentIds: ['doc-1'], template: 'One row per patient' });
    expect(written.ok && existsSync(join(out, written.value.fileName))).toBe(true);
    // The folder is main's setting: a payload cannot name another.
    const elsewhere = await h.services.invoke('writeExportFile', { content: 'x', documentIds: ['doc-1'], template: 'x', path: h.dataDir });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
    rmSync(out, { recursive: true, force: true });
  });
});

describe('services: files picked in the native dialog', () => {
  function withPicks(files: { name: string; content: string }[], leftOut = 0): Harness {
    const dir = mkdtempSync(join(tmpdir(), 'scr-picked-'));
    const paths = files.map((f) => {
      const path = join(dir, f.name);
      writeFileSync(path, f.content);
      return { path, size: Buffer.byteLength(f.content) };
    });
    return makeServices({ host: { pickDocuments: async () => ({ files: paths, leftOut }) } });
  }

  it('answers ids, names and sizes, never the path or the bytes', async () => {
    h = withPicks([{ name: 'Jane Citizen.pdf', content: '%PDF-1.7 picked' }], 3);
    const out = await h.services.invoke('pickDocuments', {});
    expect(out).toMatchObject({ ok: true, value: { files: [{ pickId: expect.stringMatching(/^pick-/), name: 'Jane Citizen.pdf', size: 15 }], leftOut: 3 } });
    expect(JSON.stringify(out)).not.toContain(tmpdir());
    expect(JSON.stringify(out)).not.toContain('%PDF');
  });

  it('hands a picked file to the engine by its path, and its bytes to the renderer once asked', async () => {
    h = withPicks([{ name: 'a.pdf', content: '%PDF-1.7 picked' }]);
    const picked = await h.services.invoke('pickDocuments', {});
    const file = picked.ok ? picked.value.files[0]! : null;
    const out = await h.services.invoke('submitDocuments', { docs: [{ id: 'd1', name: file!.name, source: { kind: 'picked', pickId: file!.pickId } }] });
    expect(out.ok).toBe(true);
    const doc = h.engine.submitted[0]!;
    expect(doc).toMatchObject({ id: 'd1', name: 'a.pdf', size: 15, source: { kind: 'path', path: expect.stringContaining('a.pdf') } });
    const read = await h.services.invoke('readPickedDocument', { pickId: file!.pickId });
    expect(read.ok && Buffer.from(read.value.bytes).toString()).toBe('%PDF-1.7 picked');
  });

  it('refuses an id it never gave out, and never reads past the size limit', async () => {
    h = withPicks([{ name: 'big.pdf', content: 'x'.repeat(2 * 1024 * 1024) }]);
    const refused = await h.services.invoke('submitDocuments', { docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'picked', pickId: 'pick-made-up' } }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST', issues: ['docs.0.source.pickId'] } });
    expect(h.engine.calls).toEqual([]);
    await h.services.invoke('updateSettings', { settings: { maxFileMb: 1 } });
    const picked = await h.services.invoke('pickDocuments', {});
    const pickId = picked.ok ? picked.value.files[0]!.pickId : '';
    expect(await h.services.invoke('readPickedDocument', { pickId })).toMatchObject({ ok: false, error: { code: 'ERR_UNAVAILABLE' } });
  });

  it('takes no hash from the renderer: main computes it', async () => {
    h = makeServices();
    const out = await h.services.invoke('submitDocuments', {
      docs: [{ id: 'd1', name: 'a.pdf', source: { kind: 'bytes', bytes: new Uint8Array([1]) }, sha256: 'a'.repeat(64) }],
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
  });
});

describe('services: partial settings updates', () => {
  it('changes only the values sent, leaving the others as they were', async () => {
    h = makeServices();
    await h.services.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o' }, maxPages: 12 } });
    const r = await h.services.invoke('updateSettings', { settings: { dailyTokenBudget: 5000 } });
    expect(r).toMatchObject({ ok: true, value: { settings: { maxPages: 12, dailyTokenBudget: 5000, provider: { kind: 'openai', model: 'gpt-4o' } } } });
  });
});
