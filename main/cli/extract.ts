import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { CliConfigError, resolveAiCliConfig } from './ai-options';
import { createAiPort } from '../core/extract/ai/ai-port';
import { ERROR_MESSAGES } from '../core/contract/errors';
import type { Job } from '../core/contract/job';
import { toCsv, type CsvInput } from '../core/csv/export';
import { ITEMS_TEMPLATE, PATIENT_TEMPLATE } from '../core/csv/template';
import { createEngine } from '../core/engine';
import { sha256Hex } from '../core/intake/validate-bytes';
import { configureLogging, fileSink } from '../core/log/logger';
import { createOcrService } from '../core/ocr/ocr-service';
import { createCpuPool } from '../core/pipeline/cpu-pool';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { expandInputs, type InputFile } from './inputs';
import { Journal, readCompleted, type OutputLine } from './jsonl-journal';
import { outputLine } from './output-line';
import { ProgressBar } from './progress';

/**
 * The headless `extract` command: the same engine as the desktop app, over files on disk.
 * Exit 0 when every file was processed (refusals are results, in the output), 2 on usage
 * errors.
 */
export async function main(argv: readonly string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let opts: CliOptions;
  let files: InputFile[];
  try {
    opts = parseCliArgs(argv);
    if (opts.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    files = expandInputs(opts.inputs);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`extract: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  let ai;
  try {
    ai = resolveAiCliConfig(opts.ai, process.env, (p) => readFileSync(p, 'utf8'));
  } catch (err) {
    if (err instanceof CliConfigError) {
      io.stderr.write(`extract: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (process.env.SCR_LOG_FILE) configureLogging({ sinks: [fileSink(process.env.SCR_LOG_FILE)] });

  const journal = opts.json ? new Journal(opts.json) : null;
  const kept = new Map<number, OutputLine>();
  if (journal && opts.json) {
    const previous = opts.resume ? readCompleted(opts.json) : new Map<string, OutputLine>();
    files.forEach((f, i) => {
      const line = previous.get(f.path);
      // Only if the file is still the one that was read: same bytes, same hash.
      if (line && line.sha256 && safeHash(f.path) === line.sha256) kept.set(i, line);
    });
    journal.begin([...kept.values()]);
  }
  if (opts.resume && kept.size) io.stderr.write(`extract: resuming, ${kept.size} of ${files.length} already complete\n`);

  const cpu = createCpuPool(opts.concurrency ? { threads: opts.concurrency } : {});
  // Tesseract workers start only when a scanned page arrives.
  const ocr = opts.ocr ? createOcrService({ workers: opts.concurrency ?? availableParallelism() }) : null;
  const engine = createEngine({
    cpu,
    ocr,
    ai: ai.provider ? createAiPort({ config: ai.provider, key: ai.key }) : null,
    mode: ai.mode,
    limits: { maxBytes: opts.maxMb * 1024 * 1024, maxPages: opts.maxPages, timeBudgetMs: opts.timeBudgetSeconds * 1000 },
    ...(ai.limits.requestsPerHour !== undefined ? { requestsPerHour: ai.limits.requestsPerHour } : {}),
    ...(ai.limits.dailyTokens !== undefined ? { dailyTokenBudget: ai.limits.dailyTokens } : {}),
  });

  const lines = new Map<number, OutputLine>(kept);
  const indexOf = new Map<string, number>();
  const progress = new ProgressBar(io.stderr as NodeJS.WriteStream, !opts.quiet && Boolean((io.stderr as NodeJS.WriteStream).isTTY));
  const counts = { done: kept.size, total: files.length, failed: 0, pages: 0 };

  let authRejected = false;
  /** Set when --no-wait ended the batch at a limit: what the documents left are told. */
  let limitReached: string | null = null;
  const finish = (job: Job) => {
    const index = indexOf.get(job.id);
    if (index === undefined || lines.has(index)) return;
    let line = outputLine(files[index]!.path, job, engine.result(job.id) ?? null);
    if (authRejected && job.status === 'cancelled') {
      line = { ...line, status: 'failed', error: { code: 'ERR_AUTH', message: ERROR_MESSAGES.ERR_AUTH } };
    } else if (limitReached && job.status === 'cancelled') {
      line = { ...line, status: 'failed', error: { code: 'ERR_RATE_LIMIT', message: limitReached, reason: 'limit-no-wait' } };
    }
    lines.set(index, line);
    journal?.append(line);
    counts.done++;
    counts.pages += job.pages ?? 0;
    if (job.status !== 'complete') counts.failed++;
    progress.update(counts);
  };
  let lastState = 'running';
  /** Once --no-wait has ended the batch, nothing new may wait for the provider. */
  const endWaiting = () => {
    const waiting = engine.jobs().filter((j) => j.status === 'queued' || (j.status === 'running' && j.step !== 'extracting'));
    if (waiting.length) engine.cancel(waiting.map((j) => j.id));
  };
  const unsubscribe = engine.subscribe((e) => {
    if (e.type === 'job' && (e.job.status === 'complete' || e.job.status === 'failed' || e.job.status === 'cancelled')) finish(e.job);
    if (e.type === 'job' && limitReached && e.job.status === 'queued') engine.cancel([e.job.id]);
    if (e.type !== 'engine' || e.state.message === lastState) return;
    lastState = e.state.message;
    const resumes = e.state.state === 'paused' && e.state.nextTryAt !== null ? `; resumes at ${resumeTime(e.state.nextTryAt)}` : '';
    if (!opts.quiet || e.state.limit) io.stderr.write(`\nextract: ${e.state.message}${resumes}\n`);
    // --no-wait: one of our own limits ends the batch instead of pausing it. (A provider
    // asking us to slow down is waited out: it lasts seconds.)
    if (opts.noWait && e.state.limit && !limitReached) {
      limitReached = limitMessage(e.state.limit, e.state.nextTryAt);
      io.stderr.write(`extract: --no-wait: ending the batch; the documents left are refused with ERR_RATE_LIMIT\n`);
      // A request already out (or just let through: it leaves on the next tick) is let
      // finish; the limit stops the ones after it.
      setImmediate(endWaiting);
    }
    // In the desktop app a rejected key waits for staff to fix it; a command run would wait
    // forever, so the documents that need the provider are refused with ERR_AUTH instead.
    if (e.state.reason === 'auth') {
      authRejected = true;
      engine.cancel(engine.jobs().filter((j) => j.status === 'queued' || j.status === 'running').map((j) => j.id));
    }
  });

  const todo = files.map((f, i) => ({ f, i })).filter(({ i }) => !kept.has(i));
  const jobs = engine.submit(
    todo.map(({ f, i }) => {
      const id = `doc-${i + 1}`;
      indexOf.set(id, i);
      return { id, name: f.path, source: { kind: 'path' as const, path: f.path }, size: f.size };
    }),
  );
  // Jobs that ended inside submit (an unreadable path, say) emitted before we listened.
  for (const j of jobs) if (j.status === 'complete' || j.status === 'failed' || j.status === 'cancelled') finish(j);
  progress.update(counts, true);
  await engine.idle();
  for (const j of engine.jobs()) finish(j);
  unsubscribe();
  progress.end(counts);

  const ordered = files.map((_, i) => lines.get(i)!).filter(Boolean);
  journal?.finish(ordered);
  if (opts.csv) {
    const template = { ...(opts.csvShape === 'items' ? ITEMS_TEMPLATE : PATIENT_TEMPLATE), dateFormat: opts.dateFormat, bom: opts.bom };
    const inputs: CsvInput[] = ordered
      .filter((l) => l.status === 'complete' && l.record)
      .map((l) => ({ record: l.record as CsvInput['record'], sourceName: l.file, warningCount: Array.isArray(l.warnings) ? l.warnings.length : 0 }));
    writeFileSync(opts.csv, toCsv(inputs, template));
  }
  await engine.close();
  await Promise.all([cpu.destroy(), ocr?.close()]);
  const refused = ordered.filter((l) => l.status !== 'complete').length;
  if (!opts.quiet) io.stderr.write(`extract: ${ordered.length - refused} complete, ${refused} refused, of ${files.length}\n`);
  return 0;
}

/** When a pause ends, in the machine's local time ('14:05', or 'Tue 00:00' on another day). */
export function resumeTime(at: number, now = Date.now()): string {
  const d = new Date(at);
  const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? hhmm : `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} ${hhmm}`;
}

function limitMessage(limit: 'requests-per-hour' | 'daily-tokens', nextTryAt: number | null): string {
  const when = nextTryAt !== null ? ` after ${resumeTime(nextTryAt)}` : ' later';
  return limit === 'requests-per-hour'
    ? `The hourly limit of AI requests was reached and --no-wait was given, so this document was not read. Run the batch again${when} (with --resume), or raise --requests-per-hour.`
    : `The daily limit of AI tokens was reached and --no-wait was given, so this document was not read. Run the batch again${when} (with --resume), or raise --daily-tokens.`;
}

function safeHash(path: string): string | null {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return null;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`extract: ${(err as Error).message ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
