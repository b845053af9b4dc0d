import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Everything main, its worker threads, the server and the shell say goes through the one
 * redacting logger (main/core/log). Printing directly (console.*, process.stdout/stderr)
 * would bypass redaction, and a worker thread's output lands on the app's own stderr. Only
 * the entry points that talk to the person who started them print: the command's progress
 * and usage, and the web server's one line with its link.
 */
const root = join(import.meta.dirname, '..', '..');
const MAY_PRINT = new Set(['main/core/log/logger.ts', 'main/cli/extract.ts', 'main/server/serve.ts']);
// Takes over console.warn to catch pdf.js's warnings (damage signals), which it never prints;
// tests/pipeline/pdfjs-silence.test.ts proves a damaged document prints nothing.
const SILENCES = new Set(['main/core/pdf/pdfjs-runtime.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx|mts|mjs)$/.test(name) ? [full] : [];
  });
}

const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('no output around the logger', () => {
  it('nothing in main, workers, preload or the renderer prints except the entry points', () => {
    const files = [...sources(join(root, 'main')), ...sources(join(root, 'preload')), ...sources(join(root, 'renderer', 'src'))];
    const offenders = files
      .map((f) => relative(root, f).split(sep).join('/'))
      .filter((f) => !MAY_PRINT.has(f) && !SILENCES.has(f))
      .filter((f) => /\bconsole\.(log|info|warn|error|debug|trace|dir)\b|process\.(stdout|stderr)\.write/.test(code(readFileSync(join(root, f), 'utf8'))));
    expect(offenders).toEqual([]);
  });

  it('pdf.js is told to print errors only in the renderer; in main’s workers its warnings are caught, not printed', () => {
    expect(readFileSync(join(root, 'main/core/pdf/pdfjs-runtime.ts'), 'utf8')).toMatch(/startsWith\('Warning: '\)/);
    expect(readFileSync(join(root, 'renderer/src/features/review/pdf.ts'), 'utf8')).toMatch(/verbosity:\s*0/);
  });
});
