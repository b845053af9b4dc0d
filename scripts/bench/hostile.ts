/**
 * npm run bench:hostile — the project's own hostile files (tests/fixtures/hostile), each run
 * through the built `extract` command in its own process with `--time-budget 15`, as a
 * practice would run it. Prints, per file: wall time, peak RSS of the process tree, and the
 * result. Targets (issue 13): every file ends within 35 s in all, retries included; peak RSS
 * below 1.5 GB.
 * Options: --small (test-sized bombs), --cli PATH (another build of extract.js, to compare),
 * --only NAME (one case), --budget SECONDS (default 15).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FULL_SIZES, TEST_SIZES, writeHostileFiles } from '../../tests/fixtures/hostile/generate';
import { ensureBuilt } from '../ensure-built';

const WALL_TARGET_S = 35;
const RSS_TARGET_MB = 1536;

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Peak resident memory of a process and its descendants, from /proc (kB → MB). */
function treePeakMb(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) total += Number(hwm[1]) / 1024;
    } catch {
      return;
    }
    for (const task of safeList(`/proc/${p}/task`)) {
      for (const child of safeRead(`/proc/${p}/task/${task}/children`).split(/\s+/).filter(Boolean)) visit(Number(child));
    }
  };
  visit(pid);
  return total;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

interface Outcome {
  seconds: number;
  peakMb: number;
  result: string;
}

function runOne(cli: string, input: string, budget: number, jsonl: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, input, '--time-budget', String(budget), '--quiet', '--json', jsonl], { stdio: ['ignore', 'ignore', 'ignore'] });
    let peakMb = 0;
    const poll = setInterval(() => {
      peakMb = Math.max(peakMb, treePeakMb(child.pid!));
    }, 50);
    // Nothing may run for ever: past twice the target the run is stopped and says so.
    const kill = setTimeout(() => child.kill('SIGKILL'), WALL_TARGET_S * 2 * 1000);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(kill);
      const seconds = (performance.now() - started) / 1000;
      const lines = safeRead(jsonl).split('\n').filter((l) => l.trim().startsWith('{'));
      const results = lines.map((l) => {
        try {
          const j = JSON.parse(l) as { status?: string; error?: { code?: string; reason?: string } | null };
          return j.status === 'complete' ? 'complete' : `${j.error?.code ?? j.status}${j.error?.reason ? ` (${j.error.reason})` : ''}`;
        } catch {
          return 'unparsed line';
        }
      });
      const result = signal ? `killed (${signal})` : code !== 0 ? `exit ${code}` : lines.length === 1 ? results[0]! : `${lines.length} lines: ${results.join(', ')}`;
      resolve({ seconds, peakMb, result });
    });
  });
}

async function main(): Promise<void> {
  const budget = Number(opt('--budget') ?? 15);
  const cli = opt('--cli') ?? (await ensureBuilt('extract'));
  const only = opt('--only');
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  try {
    const files = writeHostileFiles(dir, process.argv.includes('--small') ? TEST_SIZES : FULL_SIZES).filter(({ c }) => !only || c.name === only);
    console.log(`bench:hostile — ${files.length} files, one extract process each, --time-budget ${budget}\n`);
    const head = `${'file'.padEnd(28)} ${'wall s'.padStart(7)} ${'peak RSS MB'.padStart(12)}  result (expected)`;
    console.log(head);
    console.log('-'.repeat(head.length + 30));
    let worstWall = 0;
    let worstRss = 0;
    let misses = 0;
    for (const { c, path } of files) {
      const o = await runOne(cli, path, budget, join(dir, `${c.name.replace(/\W/g, '_')}.jsonl`));
      worstWall = Math.max(worstWall, o.seconds);
      worstRss = Math.max(worstRss, o.peakMb);
      const code = o.result.split(' ')[0]!;
      const expected = c.expect.split('|');
      const ok = expected.includes(code) || (c.expect === '2 lines' && o.result.startsWith('2 lines'));
      if (!ok) misses++;
      console.log(`${c.name.padEnd(28)} ${o.seconds.toFixed(1).padStart(7)} ${o.peakMb.toFixed(0).padStart(12)}  ${o.result}${ok ? '' : `  ✗ expected ${c.expect}`}`);
    }
    console.log(`\nworst wall ${worstWall.toFixed(1)} s (target ≤ ${WALL_TARGET_S}), worst peak RSS ${worstRss.toFixed(0)} MB (target < ${RSS_TARGET_MB}); ${misses} result(s) not as expected`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
