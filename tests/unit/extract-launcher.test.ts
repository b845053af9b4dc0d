import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStale } from '../../scripts/build-freshness.mjs';

/**
 * `npm run extract` (scripts/extract.mjs) rebuilds only when a source is newer than the
 * build, and loads the bundler only then: an up-to-date start imports node built-ins and
 * the built command, nothing else.
 */
let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function tree(): string {
  dir = mkdtempSync(join(tmpdir(), 'scr-fresh-'));
  mkdirSync(join(dir, 'main', 'core'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'main'), { recursive: true });
  writeFileSync(join(dir, 'main', 'core', 'a.ts'), 'a');
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'dist', 'main', 'extract.js'), 'x');
  writeFileSync(join(dir, 'dist', 'main', 'cpu.worker.js'), 'x');
  // Sources a minute old, the build half a minute old: up to date until something is touched now.
  const sources = new Date(Date.now() - 60_000);
  const built = new Date(Date.now() - 30_000);
  for (const p of ['main/core/a.ts', 'main/core', 'main', 'package.json']) utimesSync(join(dir, p), sources, sources);
  for (const p of ['dist/main/extract.js', 'dist/main/cpu.worker.js']) utimesSync(join(dir, p), built, built);
  return dir;
}

const OUT = ['dist/main/extract.js', 'dist/main/cpu.worker.js'];
const SRC = ['main', 'package.json'];

describe('the extract launcher', () => {
  it('runs the build as it is when nothing changed since it was built', () => {
    expect(isStale(tree(), OUT, SRC)).toBe(false);
  });

  it('rebuilds when a source was edited, added or deleted, or an output is missing', () => {
    const root = tree();
    writeFileSync(join(root, 'main', 'core', 'a.ts'), 'edited');
    expect(isStale(root, OUT, SRC)).toBe(true);

    const added = tree();
    writeFileSync(join(added, 'main', 'core', 'b.ts'), 'new');
    expect(isStale(added, OUT, SRC)).toBe(true);

    const removed = tree();
    rmSync(join(removed, 'main', 'core', 'a.ts'));
    expect(isStale(removed, OUT, SRC)).toBe(true);

    const missing = tree();
    rmSync(join(missing, 'dist', 'main', 'cpu.worker.js'));
    expect(isStale(missing, OUT, SRC)).toBe(true);
  });

  it('imports only node built-ins up front; the bundler only inside the rebuild', () => {
    // The code without its comments (which may name the bundler).
    const code = readFileSync(join(import.meta.dirname, '..', '..', 'scripts', 'extract.mjs'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const staticImports = [...code.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(staticImports.every((s) => s!.startsWith('node:') || s === './build-freshness.mjs')).toBe(true);
    const rebuild = code.slice(code.indexOf('if (isStale('), code.indexOf('\n}\n', code.indexOf('if (isStale(')));
    expect(rebuild).toContain("import('tsx/esm/api')");
    expect(rebuild).toContain('build.ts');
    // Outside the rebuild, one dynamic import: the built command itself.
    const outside = code.replace(rebuild, '');
    expect([...outside.matchAll(/import\(([^;]*)\)/g)].map((m) => m[1])).toEqual(["pathToFileURL(join(root, 'dist', 'main', 'extract.js')).href"]);
  });
});
