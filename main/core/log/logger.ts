import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactText, redactValue } from './redact';

/**
 * One structured logger for main, workers and the CLI. Lines are JSON; every message and
 * field passes through redaction before it is written. Log ids, counts and timings only.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

interface LoggerConfig {
  level: LogLevel;
  sinks: LogSink[];
}

const config: LoggerConfig = {
  level: (process.env.SCR_LOG_LEVEL as LogLevel | undefined) ?? 'info',
  sinks: [],
};

/** Writes log lines to a file (created with its folder), in addition to any other sinks. */
export function fileSink(path: string): LogSink {
  // Owner-only, like the data folder it usually sits in (and may be the first to create).
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return (line) => appendFileSync(path, line + '\n', { mode: 0o600 });
}

export const stderrSink: LogSink = (line) => process.stderr.write(line + '\n');

export function configureLogging(opts: { level?: LogLevel; sinks?: LogSink[] }): void {
  if (opts.level) config.level = opts.level;
  if (opts.sinks) config.sinks = opts.sinks;
}

function write(level: LogLevel, scope: Record<string, unknown>, msg: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < LEVELS[config.level] || config.sinks.length === 0) return;
  const entry = {
    t: new Date().toISOString(),
    level,
    msg: redactText(msg),
    ...(redactValue(scope) as Record<string, unknown>),
    ...(fields ? (redactValue(fields) as Record<string, unknown>) : {}),
  };
  const line = JSON.stringify(entry);
  for (const sink of config.sinks) {
    try {
      sink(line);
    } catch {
      // A failing log sink must never fail the work being logged.
    }
  }
}

function make(scope: Record<string, unknown>): Logger {
  return {
    debug: (m, f) => write('debug', scope, m, f),
    info: (m, f) => write('info', scope, m, f),
    warn: (m, f) => write('warn', scope, m, f),
    error: (m, f) => write('error', scope, m, f),
    child: (bindings) => make({ ...scope, ...bindings }),
  };
}

export const log: Logger = make({});
