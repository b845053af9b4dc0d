import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { letterDoc, rowsPdf } from '../ai/helpers/docs';
import { openAiPort } from '../ai/helpers/ports';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';

/**
 * The extract command's AI limits, as a user runs it (a child process over real files,
 * against a local OpenAI-compatible server): --requests-per-hour and --daily-tokens (or the
 * same keys in --ai-config) pause the batch and say when it resumes; with --no-wait the
 * batch ends instead and the documents left are refused with ERR_RATE_LIMIT.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'main/cli/extract.ts');
const work = mkdtempSync(join(tmpdir(), 'scr-cli-limits-'));
const letters = ['Ferguson', 'Holloway', 'Nguyen'].map((family) => letterDoc({ given: 'Ada', family }));
let server: FakeOpenAiServer;
let files: string[] = [];
let oneDocTokens = 0;

beforeAll(async () => {
  const oracle = new OracleModel({ noInvention: true });
  letters.forEach((l, i) => oracle.add({ id: String(i), truth: l.truth }));
  // Slow enough that the documents meet at the limit while the first is still out.
  server = await startFakeOpenAiServer((req) => ({ ...oracle.respond(req), delayMs: 1500 }));
  files = await Promise.all(
    letters.map(async (l, i) => {
      const path = join(work, `letter-${i + 1}.pdf`);
      writeFileSync(path, await rowsPdf(l.rows));
      return path;
    }),
  );
  const text = await readDocumentText(new Uint8Array(readFileSync(files[0]!)), { maxPages: 10 });
  // As the command estimates it (its default settings: the second look's allowance included).
  oneDocTokens = openAiPort(server, { recheckFlagged: true }).plan(text, null, 'ai')!.estimatedTokens;
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stderr: string;
}

/** Runs the command; `until` ends it early (SIGTERM) once its stderr says so. */
function extract(args: string[], until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const k of ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_DEPLOYMENT']) delete env[k];
    const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (until?.test(stderr)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const ai = () => ['--extractor', 'ai', '--provider', 'compatible', '--base-url', server.baseURL, '--model', 'fake-model'];
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string; error: { code: string; message: string } | null });

describe('AI limits of the extract command', () => {
  it('--requests-per-hour with --no-wait: the batch ends at the limit, the documents left refused with ERR_RATE_LIMIT', async () => {
    const out = join(work, 'hourly.jsonl');
    const run = await extract([...ai(), '--requests-per-hour', '1', '--no-wait', '--quiet', '--concurrency', '2', '--json', out, ...files]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/paused: hourly request limit reached, next try in \d+ min; resumes at \d\d:\d\d/);
    const got = lines(out);
    expect(got.filter((l) => l.status === 'complete')).toHaveLength(1);
    const refused = got.filter((l) => l.status !== 'complete');
    expect(refused).toHaveLength(2);
    for (const l of refused) {
      expect(l).toMatchObject({ status: 'failed', error: { code: 'ERR_RATE_LIMIT' } });
      expect(l.error!.message).toMatch(/--requests-per-hour/);
    }
  }, 120_000);

  it('dailyTokens in --ai-config with --no-wait: the same at the daily token limit', async () => {
    const config = join(work, 'ai.json');
    writeFileSync(config, JSON.stringify({ provider: 'compatible', baseUrl: server.baseURL, model: 'fake-model', extractor: 'ai', dailyTokens: Math.ceil(oneDocTokens * 1.5) }));
    const out = join(work, 'daily.jsonl');
    const run = await extract(['--ai-config', config, '--no-wait', '--quiet', '--concurrency', '2', '--json', out, ...files]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/paused: daily token budget reached; resumes at .*00:00/);
    const got = lines(out);
    expect(got.filter((l) => l.status === 'complete')).toHaveLength(1);
    for (const l of got.filter((x) => x.status !== 'complete')) {
      expect(l).toMatchObject({ error: { code: 'ERR_RATE_LIMIT' } });
      expect(l.error!.message).toMatch(/--daily-tokens/);
    }
  }, 120_000);

  it('without --no-wait, a limit pauses the batch and says when it resumes', async () => {
    const out = join(work, 'pause.jsonl');
    const run = await extract([...ai(), '--requests-per-hour', '1', '--quiet', '--concurrency', '2', '--json', out, ...files], /resumes at/);
    expect(run.stderr).toMatch(/extract: paused: hourly request limit reached, next try in (59|60) min; resumes at \d\d:\d\d/);
    expect(run.stderr).not.toMatch(/ending the batch/);
  }, 120_000);

  it('refuses limits that are not whole numbers of 1 or more (exit 2)', async () => {
    expect((await extract([...ai(), '--requests-per-hour', '0', files[0]!])).code).toBe(2);
    expect((await extract([...ai(), '--daily-tokens', 'lots', files[0]!])).code).toBe(2);
  }, 60_000);
});
