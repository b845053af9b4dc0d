import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../main/core/api/contract';
import type { Job } from '../../main/core/contract/job';
import { createEngine } from '../../main/core/engine';
import { createCpuPool } from '../../main/core/pipeline/cpu-pool';
import { startWebMode, type WebMode } from '../../main/server/web-mode';
import { createWebClient, type WebClient, type WebSocketFactory } from '../../renderer/src/api/web-client';
import { tempDir } from './harness';
import { fakeRendererDir } from './http-helpers';

/**
 * Web mode end to end with the real engine and worker threads: sample PDFs go in over
 * HTTP as binary frames, progress comes back over the WebSocket, the record over HTTP.
 */
const samples = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples', 'scr');
const openSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols) as unknown as ReturnType<WebSocketFactory>;

let web: WebMode;
let api: WebClient;
let dataDir: string;
let dirs: { root: string; rendererDir: string };
const events: ApiEvent[] = [];

beforeAll(async () => {
  dataDir = tempDir('scr-web-mode-');
  dirs = fakeRendererDir();
  web = await startWebMode({
    dataDir,
    rendererDir: dirs.rendererDir,
    port: 0,
    version: '0.0.0-test',
    createEngine,
    createCpuPool: () => createCpuPool({ threads: 1 }),
    ai: null,
    kdfIterations: 100_000,
  });
  api = createWebClient({ origin: web.server.origin, token: web.server.token, fetch, openSocket });
  // Web mode refuses data calls until the passphrase has opened the data key.
  await api.setUpDataKey({ passphrase: 'web mode test passphrase' });
  api.onEvent((e) => events.push(e));
});

afterAll(async () => {
  api.dispose();
  await web.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dirs.root, { recursive: true, force: true });
});

async function finished(id: string): Promise<Job> {
  for (let i = 0; i < 1200; i++) {
    const job = (await api.listJobs({})).jobs.find((j) => j.id === id);
    if (job && (job.status === 'complete' || job.status === 'failed' || job.status === 'cancelled')) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('web mode with the real engine', () => {
  it('extracts a sample sent over HTTP and reports progress over the WebSocket', async () => {
    const bytes = new Uint8Array(readFileSync(join(samples, 'doc001-gpsummary.pdf')));
    const truth = JSON.parse(readFileSync(join(samples, 'doc001-gpsummary.truth.json'), 'utf8')) as { patient: { nhsNumber: string } };
    const { jobs } = await api.submitDocuments({ docs: [{ id: 'doc001', name: 'doc001-gpsummary.pdf', source: { kind: 'bytes', bytes } }] });
    expect(jobs[0]?.id).toBe('doc001');
    const job = await finished('doc001');
    expect(job.status).toBe('complete');
    const { result } = await api.getResult({ jobId: 'doc001' });
    expect(result?.record.patient.nhsNumber).toBe(truth.patient.nhsNumber);
    expect(events.some((e) => e.type === 'job' && e.job.id === 'doc001' && e.job.status === 'complete')).toBe(true);
  });

  it('refuses a bad PDF with the contract’s error code', async () => {
    const bytes = new Uint8Array(readFileSync(join(samples, 'bad-html.pdf')));
    await api.submitDocuments({ docs: [{ id: 'bad-html', name: 'bad-html.pdf', source: { kind: 'bytes', bytes } }] });
    const job = await finished('bad-html');
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('ERR_INVALID_FILE_TYPE');
  });

  it('keeps settings in the data folder and never the key', async () => {
    await api.updateSettings({ settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    expect(await api.setProviderKey({ key: 'sk-web-session-only' })).toEqual({ hasKey: true, persisted: false });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain('sk-web');
    expect((await api.getSessionInfo({})).mode).toBe('web');
  });
});
