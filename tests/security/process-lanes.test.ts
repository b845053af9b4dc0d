import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders are process lanes. Only the Electron shell (main/shell, main/main.ts) and
 * preload may import electron; only preload may touch ipcRenderer; the renderer reaches
 * main only through renderer/src/api. A stray import would put Electron (or Node) where
 * the design says it cannot be, so it fails here rather than in a review.
 */
const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx|mts|mjs|js)$/.test(name) ? [full] : [];
  });
}

const rel = (f: string) => relative(root, f).split(sep).join('/');
const importsElectron = (text: string) => /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron['"]/.test(text);
const all = [...sources(join(root, 'main')), ...sources(join(root, 'preload')), ...sources(join(root, 'renderer', 'src'))];

describe('process lanes', () => {
  it('only the shell, the Electron entry and preload import electron', () => {
    const allowed = (f: string) => f.startsWith('main/shell/') || f === 'main/main.ts' || f.startsWith('preload/');
    const offenders = all.filter((f) => importsElectron(readFileSync(f, 'utf8')) && !allowed(rel(f))).map(rel);
    expect(offenders).toEqual([]);
  });

  it('only preload uses ipcRenderer', () => {
    const offenders = all
      .filter((f) => !rel(f).startsWith('preload/') && /\bipcRenderer\b/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('the renderer talks to main only through renderer/src/api (no window.scrApi elsewhere)', () => {
    const offenders = all
      .filter((f) => rel(f).startsWith('renderer/src/') && !rel(f).startsWith('renderer/src/api/'))
      .filter((f) => /\bscrApi\b/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('the check itself recognises an electron import', () => {
    expect(importsElectron("import { app } from 'electron';")).toBe(true);
    expect(importsElectron('const { shell } = require("electron")')).toBe(true);
    expect(importsElectron("import type { X } from 'electron-builder';")).toBe(false);
  });
});
