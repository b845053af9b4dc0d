import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { isExternal, nodeEntries, preloadConfig } from '../../scripts/build';

const out = mkdtempSync(join(tmpdir(), 'scr-preload-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('build: preload', () => {
  it('is one CommonJS file that requires only electron and exposes only scrApi', async () => {
    await build(preloadConfig(out));
    expect(readdirSync(out)).toEqual(['preload.cjs']);
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    const requires = [...code.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2]);
    expect(requires).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
    expect([...code.matchAll(/exposeInMainWorld\((["'])([^"']+)\1/g)].map((m) => m[2])).toEqual(['scrApi']);
    // The schemas stay in main; preload carries names only.
    expect(code).not.toMatch(/z\.object\(|ZodError|\$ZodType/);
  });
});

describe('build: node bundles', () => {
  it('builds the Electron main, the web server, the CLI and every worker', () => {
    const entries = nodeEntries();
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['main', 'server', 'extract', 'cpu.worker']));
    const workers = readdirSync(join(import.meta.dirname, '..', '..', 'main', 'core', 'workers')).filter((f) => f.endsWith('.worker.ts'));
    for (const w of workers) expect(entries).toHaveProperty(w.replace(/\.ts$/, ''));
  });

  it('leaves packages and built-ins to node_modules and bundles our own files', () => {
    expect(isExternal('electron')).toBe(true);
    expect(isExternal('pdfjs-dist/legacy/build/pdf.mjs')).toBe(true);
    expect(isExternal('node:fs')).toBe(true);
    expect(isExternal('fs')).toBe(true);
    expect(isExternal('./core/engine')).toBe(false);
    expect(isExternal('/work/main/main/main.ts')).toBe(false);
    expect(isExternal('\0vite/preload-helper')).toBe(false);
  });
});
