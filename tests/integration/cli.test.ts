import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSamples, SAMPLES_DIR } from '../helpers/samples';

/** The `extract` command as a user runs it: a child process over real files. */
const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'main/cli/extract.ts');
const work = mkdtempSync(join(tmpdir(), 'scr-cli-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
}

function readLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('extract command', () => {
  it('processes a folder of good and bad files, one JSON line per input in input order, and exits 0', () => {
    const out = join(work, 'all.jsonl');
    const csv = join(work, 'all.csv');
    const res = run(['--json', out, '--csv', csv, '--quiet', SAMPLES_DIR]);
    expect(res.status).toBe(0);
    const lines = readLines(out);
    const samples = loadSamples();
    expect(lines.map((l) => l.file)).toEqual(samples.map((s) => join(SAMPLES_DIR, s.name)));
    for (const [i, s] of samples.entries()) {
      const line = lines[i]!;
      if (s.truth.kind === 'scr') expect(line).toMatchObject({ status: 'complete', error: null });
      else expect(line).toMatchObject({ status: 'failed', record: null, error: { code: (s.truth as { expectError: string }).expectError } });
    }
    const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows.length).toBe(1 + samples.filter((s) => s.truth.kind === 'scr').length);
  });

  it('takes files named on the command line whatever their name, judged by their bytes', () => {
    const renamed = join(work, 'summary.txt');
    copyFileSync(join(SAMPLES_DIR, 'doc003-emis.pdf'), renamed);
    const out = join(work, 'named.jsonl');
    expect(run(['--json', out, '--quiet', renamed, join(SAMPLES_DIR, 'bad-notpdf.pdf')]).status).toBe(0);
    expect(readLines(out).map((l) => l.status)).toEqual(['complete', 'failed']);
  });

  it('exits 2 on usage errors, and refuses a key given as an argument', () => {
    expect(run([]).status).toBe(2);
    expect(run(['--no-such-option', SAMPLES_DIR]).status).toBe(2);
    expect(run(['--concurrency', 'zero', SAMPLES_DIR]).status).toBe(2);
    expect(run(['--resume', SAMPLES_DIR]).status).toBe(2);
    expect(run([join(work, 'missing.pdf')]).status).toBe(2);
    const key = run(['--api-key', 'sk-proj-abcdefghijklmnopqrstuvwxyz', SAMPLES_DIR]);
    expect(key.status).toBe(2);
    expect(key.stderr).not.toContain('abcdefghijklmnop');
  });

  it('after a SIGKILL midway, --resume finishes the batch with every document exactly once', async () => {
    const dir = join(work, 'batch');
    spawnSync('mkdir', ['-p', dir]);
    const pdfs = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.pdf'));
    // Distinct documents: each copy gets a different trailing comment, so a different hash.
    let n = 0;
    for (let copy = 0; copy < 5; copy++) {
      for (const f of pdfs) {
        const target = join(dir, `c${copy}-${f}`);
        copyFileSync(join(SAMPLES_DIR, f), target);
        if (copy > 0 && f.startsWith('doc')) appendFileSync(target, `%copy ${copy}\n`);
        n++;
      }
    }
    const out = join(work, 'resume.jsonl');
    const child = spawn(TSX, [CLI, '--json', out, '--quiet', dir], { cwd: ROOT, stdio: 'ignore', detached: true });
    const killedAfter = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const count = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
        if (count >= 10) {
          clearInterval(timer);
          process.kill(-child.pid!, 'SIGKILL');
          resolve(count);
        }
      }, 20);
      child.on('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`the batch finished (${code}) before it could be killed`));
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    const before = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(before.length).toBeGreaterThanOrEqual(killedAfter);
    expect(before.length).toBeLessThan(n);

    const res = run(['--json', out, '--resume', '--quiet', dir]);
    expect(res.status).toBe(0);
    const after = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const files = after.map((l) => (JSON.parse(l) as { file: string }).file);
    expect(files.length).toBe(n);
    expect(new Set(files).size).toBe(n);
    // Complete lines written before the kill were kept as they were, not redone.
    const completeBefore = before.filter((l) => { try { return (JSON.parse(l) as { status: string }).status === 'complete'; } catch { return false; } });
    for (const l of completeBefore) expect(after).toContain(l);
    // Two runs over 5 copies of the sample set, scans included: beside the browser tests on
    // two cores this takes longer than the default minute.
  }, 240_000);
});
