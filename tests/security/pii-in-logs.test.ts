import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Job } from '../../main/core/contract/job';
import { createWebClient, type WebSocketFactory } from '../../renderer/src/api/web-client';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { isRecordTruth, loadSamples, SAMPLES_DIR } from '../helpers/samples';
import { freePort } from '../e2e/support/server';
import { fakeRendererDir } from '../server/http-helpers';

/**
 * PII out of logs (issue 6, item 2). The samples go through the `extract` command (rules,
 * and AI against a provider whose errors and answers quote the document back) and through
 * local web mode (submitted over HTTP as the page would, with requests that carry patient
 * values where they do not belong, a wrong passphrase, and AI on some documents). Then
 * every file the runs left in their data folders, every entry in the temp folder they were
 * given (TMPDIR: Node and its worker threads take os.tmpdir() from it), any crash output,
 * and everything they printed are searched for each sample's NHS number (plain, spaced,
 * hyphenated), given and family names, postcode (spaced or not) and date of birth in every
 * form the documents print it. The count must be 0. The records themselves (the command's
 * --json and --csv outputs, what staff asked for) are the only place the values may be:
 * the same search must find them there, which shows that the search works.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Needle {
  sample: string;
  what: string;
  pattern: RegExp;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function needles(): Needle[] {
  const out: Needle[] = [];
  for (const s of loadSamples()) {
    if (!isRecordTruth(s.truth)) continue;
    const p = s.truth.patient;
    const add = (what: string, text: string, caseless = false) =>
      out.push({ sample: s.name, what, pattern: new RegExp(`(?<![A-Za-z0-9])${escape(text)}(?![A-Za-z0-9])`, caseless ? 'i' : '') });
    if (p.nhsNumber) {
      const n = p.nhsNumber;
      add('NHS number', n);
      add('NHS number (spaced)', `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`);
      add('NHS number (hyphens)', `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`);
    }
    for (const name of [p.givenName, p.familyName]) for (const word of (name ?? '').split(/\s+/).filter((w) => w.length > 1)) add('name', word, true);
    if (p.postcode) {
      add('postcode', p.postcode, true);
      add('postcode (no space)', p.postcode.replace(/\s+/g, ''), true);
    }
    if (p.dateOfBirth) {
      const [y, m, d] = p.dateOfBirth.split('-') as [string, string, string];
      const month = MONTHS[Number(m) - 1]!;
      const day = String(Number(d));
      for (const form of [
        p.dateOfBirth,
        `${d}/${m}/${y}`,
        `${d}-${m}-${y}`,
        `${d}.${m}.${y}`,
        `${d} ${month.slice(0, 3)} ${y}`,
        `${day} ${month.slice(0, 3)} ${y}`,
        `${d}-${month.slice(0, 3)}-${y}`,
        `${d} ${month} ${y}`,
        `${day} ${month} ${y}`,
      ]) {
        add('date of birth', form, true);
      }
    }
  }
  return out;
}

function filesUnder(dir: string, skip: (name: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (skip(name)) return [];
    const full = join(dir, name);
    const st = statSync(full);
    return st.isDirectory() ? filesUnder(full, skip) : st.isFile() ? [full] : [];
  });
}

function findings(sources: { label: string; text: string }[], list: Needle[]): string[] {
  const found: string[] = [];
  for (const src of sources) for (const n of list) if (n.pattern.test(src.text)) found.push(`${src.label}: ${n.what} of ${n.sample}`);
  return found;
}

const work = mkdtempSync(join(tmpdir(), 'scr-pii-'));
/** The temp folder the runs were given: whatever they put in "the OS temp folder" lands here. */
const childTmp = join(work, 'tmp');
const cliData = join(work, 'cli-data');
const webData = join(work, 'web-data');
/** What staff asked for: the records. Not searched for absence; searched to prove the search finds them. */
const outputs = join(work, 'outputs');
const printed: { label: string; text: string }[] = [];
let provider: FakeOpenAiServer;
let rendererDirs: { root: string; rendererDir: string };

beforeAll(async () => {
  for (const d of [childTmp, cliData, webData, outputs]) mkdirSync(d, { recursive: true });
  rendererDirs = fakeRendererDir();
  // A provider that quotes what it was sent: in an error message, then as broken answers.
  provider = await startFakeOpenAiServer((req, i) =>
    i % 7 === 0
      ? { status: 400, body: { error: { message: `cannot process: ${req.rawBody.slice(0, 4000)}`, type: 'invalid_request_error', param: null, code: null } } }
      : { body: completion(`Here is the record: ${req.rawBody.slice(0, 4000)}`) },
  );
});

afterAll(async () => {
  await provider?.close();
  rmSync(work, { recursive: true, force: true });
  if (rendererDirs) rmSync(rendererDirs.root, { recursive: true, force: true });
});

/** Async: the fake provider answers from this process, which spawnSync would block. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('error', reject);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: childTmp, TMP: childTmp, TEMP: childTmp, SCR_LOG_LEVEL: 'debug', ...extra };
  delete env.OPENAI_API_KEY;
  return env;
}

async function runWebMode(): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/server/serve.ts')], {
    cwd: ROOT,
    env: childEnv({ SCR_DATA_DIR: webData, SCR_WEB_PORT: String(port), SCR_RENDERER_DIR: rendererDirs.rendererDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  try {
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`web mode did not start: ${stderr}`)), 60_000);
      const look = () => {
        const m = /http:\/\/127\.0\.0\.1:\d+\/session\?token=[A-Za-z0-9_-]+/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          res(m[0]);
        }
      };
      child.stdout!.on('data', look);
      child.once('exit', () => rej(new Error(`web mode exited: ${stderr}`)));
    });
    const { origin } = new URL(url);
    const token = new URL(url).searchParams.get('token')!;
    const openSocket: WebSocketFactory = (u, protocols) => new WebSocket(u, protocols, { origin }) as unknown as ReturnType<WebSocketFactory>;
    const api = createWebClient({ origin, token, fetch, openSocket });
    const samples = loadSamples();
    const first = samples.find((s) => isRecordTruth(s.truth))!;
    const p = (first.truth as { patient: { givenName: string; familyName: string; nhsNumber: string; postcode: string } }).patient;
    const aboutPatient = `${p.givenName} ${p.familyName} ${p.nhsNumber} ${p.postcode}`;

    // Values where they do not belong: refused, and the refusals are logged.
    await expect(api.openDataKey({ passphrase: aboutPatient })).rejects.toMatchObject({ code: 'ERR_LOCKED' });
    await api.setUpDataKey({ passphrase: 'pii test passphrase, long enough' });
    await expect(api.submitDocuments({ docs: [{ id: aboutPatient, name: `${aboutPatient}.pdf`, source: { kind: 'bytes', bytes: new Uint8Array([1]) } }] })).rejects.toMatchObject({
      code: 'ERR_BAD_REQUEST',
    });
    await expect(api.recordAudit({ events: [{ action: 'viewed', documentId: aboutPatient } as never] })).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST' });
    await expect(api.unlockApp({ passcode: aboutPatient })).resolves.toBeTruthy();
    await expect(api.getResult({ jobId: `../${p.familyName}` })).rejects.toMatchObject({ code: 'ERR_BAD_REQUEST' });

    await api.updateSettings({ settings: { provider: { kind: 'compatible', model: 'fake-model', baseUrl: provider.baseURL, azureApiVersion: '2024-10-21', timeoutMs: 10_000, recheckFlagged: false } } });
    await api.setProviderKey({ key: 'sk-pii-test-key-0123456789' });
    const ids = samples.map((_, i) => `web-${i + 1}`);
    for (const [i, s] of samples.entries()) {
      await api.submitDocuments({
        docs: [{ id: ids[i]!, name: s.name, source: { kind: 'bytes', bytes: new Uint8Array(readFileSync(s.file)) }, ...(i < 4 && { mode: 'ai' as const }) }],
      });
    }
    let jobs: Job[] = [];
    for (let tries = 0; tries < 600; tries++) {
      jobs = (await api.listJobs({})).jobs;
      if (jobs.length === ids.length && jobs.every((j) => j.status === 'complete' || j.status === 'failed' || j.status === 'cancelled')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(jobs.filter((j) => j.status === 'complete').length).toBeGreaterThanOrEqual(samples.filter((s) => isRecordTruth(s.truth)).length - 4);
    for (const j of jobs) if (j.status === 'complete') expect((await api.getResult({ jobId: j.id })).result).not.toBeNull();
    await api.recordAudit({
      events: [
        { action: 'viewed', documentId: ids[0]! },
        { action: 'edited', documentId: ids[0]!, field: 'patient.familyName', change: 'set' },
        { action: 'approved', documentId: ids[0]! },
        { action: 'exported', count: 1, template: 'Patients', fileName: 'scr-export.csv', scope: 'approved' },
      ],
    });
    api.dispose();
  } finally {
    child.kill('SIGTERM');
    await exited;
    printed.push({ label: 'web mode stdout', text: stdout }, { label: 'web mode stderr', text: stderr });
  }
}

describe('no patient data in logs, temp files or crash output', () => {
  it('after the samples went through the extract command and through local web mode, finds none', async () => {
    const cliEnv = childEnv({ SCR_LOG_FILE: join(cliData, 'logs', 'cli.log') });
    const rules = await run([join(ROOT, 'main/cli/extract.ts'), '--json', join(outputs, 'rules.jsonl'), '--csv', join(outputs, 'rules.csv'), SAMPLES_DIR], cliEnv);
    expect(rules.status).toBe(0);
    printed.push({ label: 'extract (rules) stdout', text: rules.stdout }, { label: 'extract (rules) stderr', text: rules.stderr });

    const aiInputs = loadSamples().filter((s) => isRecordTruth(s.truth)).slice(0, 4).map((s) => s.file);
    const ai = await run(
      [join(ROOT, 'main/cli/extract.ts'), '--extractor', 'ai', '--provider', 'compatible', '--base-url', provider.baseURL, '--model', 'fake-model', '--json', join(outputs, 'ai.jsonl'), ...aiInputs],
      { ...cliEnv, OPENAI_API_KEY: 'sk-pii-test-key-0123456789' },
    );
    expect(ai.status).toBe(0);
    printed.push({ label: 'extract (ai) stdout', text: ai.stdout }, { label: 'extract (ai) stderr', text: ai.stderr });
    // The provider was asked, and what it said back quoted the documents.
    expect(provider.requests.length).toBeGreaterThan(0);

    await runWebMode();

    const list = needles();
    // Transformed source code that tsx caches in the temp folder: the app's code, not data.
    const notData = (name: string) => /^tsx-\d+$/.test(name);
    const files = [...filesUnder(cliData), ...filesUnder(webData), ...filesUnder(childTmp, notData)];
    expect(filesUnder(cliData).some((f) => f.endsWith('cli.log'))).toBe(true);
    expect(filesUnder(webData).some((f) => f.endsWith('web.log'))).toBe(true);
    expect(filesUnder(webData).some((f) => /audit-\d{4}-\d{2}\.jsonl$/.test(f))).toBe(true);
    // The logs really were written, at the most talkative level.
    expect(readFileSync(filesUnder(webData).find((f) => f.endsWith('web.log'))!, 'utf8')).toMatch(/job complete/);
    // Crash output: none is asked for (no crash reporter, no --report-on-fatalerror), so
    // none is expected; any Node report or core file that did appear is searched too.
    const crashes = readdirSync(ROOT).filter((n) => /^(report\..*\.json|core(\.\d+)?)$/.test(n)).map((n) => join(ROOT, n));
    const sources = [...files, ...crashes].map((f) => ({ label: f.slice(work.length + 1) || f, text: readFileSync(f).toString('latin1') }));
    expect(findings([...sources, ...printed], list)).toEqual([]);

    // The same search finds every sample in the records staff asked for.
    const records = readFileSync(join(outputs, 'rules.jsonl'), 'utf8');
    const nhs = list.filter((n) => n.what === 'NHS number');
    expect(nhs.length).toBe(loadSamples().filter((s) => isRecordTruth(s.truth)).length);
    expect(findings([{ label: 'records', text: records }], nhs)).toHaveLength(nhs.length);
    // Three processes over every sample on a shared two-core machine: more than the default minute.
  }, 300_000);
});
