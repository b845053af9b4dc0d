import { parseArgs } from 'node:util';
import { CliConfigError, takeAiCliOptions, type AiCliOptions } from './ai-options';

export const USAGE = `Usage: npm run extract -- [options] <file-or-folder>...

Reads Summary Care Record PDFs and writes one structured record per file.
Folders are searched (with their sub-folders) for files named *.pdf; files named on the
command line are read whatever their name, and judged by their contents.

Output
  --json OUT.jsonl          one JSON line per input, in input order
  --csv OUT.csv             CSV of the complete records
  --csv-shape patient|items one row per patient (default) or one row per item
  --date-format uk|iso      dates in the CSV (default uk: dd/mm/yyyy)
  --no-bom                  CSV without the UTF-8 byte-order mark Excel needs
  --resume                  skip documents already complete in the --json file

Processing
  --concurrency N           worker threads for PDF reading (default: one per core)
  --max-pages N             refuse PDFs with more pages (default 100)
  --max-mb N                refuse files larger than this (default 20)
  --time-budget SECONDS     per-document time limit (default 60; each page sent to OCR adds 30)
  --no-ocr                  refuse scanned pages (ERR_NO_TEXT) instead of reading them
                            with the built-in OCR (local: nothing leaves the machine)

AI extraction (optional; keys come from the environment or --ai-config, never arguments)
  --extractor rules|ai|auto --provider openai|azure|compatible --base-url URL --model NAME
  --ai-config FILE.json
  --requests-per-hour N     AI requests in any hour (default 100, as in the app)
  --daily-tokens N          AI tokens per day (default 200,000, as in the app)
  --no-wait                 when a limit is reached, end the batch (the documents left get
                            ERR_RATE_LIMIT) instead of pausing until it resets

  --quiet                   no progress bar
  -h, --help                this help

Exit status: 0 when every file was processed (refusals are in the output), 2 on usage errors.`;

export interface CliOptions {
  inputs: string[];
  json: string | null;
  csv: string | null;
  csvShape: 'patient' | 'items';
  dateFormat: 'uk' | 'iso';
  bom: boolean;
  resume: boolean;
  concurrency: number | null;
  maxPages: number;
  maxMb: number;
  timeBudgetSeconds: number;
  quiet: boolean;
  ocr: boolean;
  /** End the batch at an AI limit instead of waiting for it to reset. */
  noWait: boolean;
  ai: AiCliOptions;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

function positiveInt(name: string, value: string | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${name} needs a whole number of 1 or more.`);
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of: ${allowed.join(', ')}.`);
  return value as T;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let ai: AiCliOptions;
  let rest: string[];
  try {
    ({ options: ai, rest } = takeAiCliOptions(argv));
  } catch (err) {
    if (err instanceof CliConfigError) throw new UsageError(err.message);
    throw err;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'string' },
        csv: { type: 'string' },
        'csv-shape': { type: 'string' },
        'date-format': { type: 'string' },
        'no-bom': { type: 'boolean' },
        resume: { type: 'boolean' },
        concurrency: { type: 'string' },
        'max-pages': { type: 'string' },
        'max-mb': { type: 'string' },
        'time-budget': { type: 'string' },
        quiet: { type: 'boolean' },
        'no-ocr': { type: 'boolean' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const opts: CliOptions = {
    inputs: parsed.positionals,
    json: v.json ?? null,
    csv: v.csv ?? null,
    csvShape: oneOf('--csv-shape', v['csv-shape'], ['patient', 'items'] as const, 'patient'),
    dateFormat: oneOf('--date-format', v['date-format'], ['uk', 'iso'] as const, 'uk'),
    bom: !v['no-bom'],
    resume: v.resume ?? false,
    concurrency: positiveInt('--concurrency', v.concurrency, null),
    maxPages: positiveInt('--max-pages', v['max-pages'], 100)!,
    maxMb: positiveInt('--max-mb', v['max-mb'], 20)!,
    timeBudgetSeconds: positiveInt('--time-budget', v['time-budget'], 60)!,
    quiet: v.quiet ?? false,
    ocr: !v['no-ocr'],
    noWait: v['no-wait'] ?? false,
    ai,
    help: v.help ?? false,
  };
  if (opts.help) return opts;
  if (opts.inputs.length === 0) throw new UsageError('Name at least one PDF file or folder.');
  if (opts.resume && !opts.json) throw new UsageError('--resume needs --json: it is the file that records what is done.');
  if (opts.json && opts.csv && opts.json === opts.csv) throw new UsageError('--json and --csv must be different files.');
  return opts;
}
