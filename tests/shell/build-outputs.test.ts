import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CHANNELS, ipcChannel } from '../../main/core/api/contract';
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

  it('exposes one function per row of the channel table, each invoking its own IPC channel', async () => {
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    const exposed: Record<string, unknown> = {};
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (_name: string, api: Record<string, unknown>) => Object.assign(exposed, api) },
      ipcRenderer: {
        invoke: async (channel: string) => {
          invoked.push(channel);
          return { ok: true, value: null };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)((id: string) => (id === 'electron' ? electron : undefined), module, module.exports);
    expect(Object.keys(exposed).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
    for (const c of CHANNELS) await (exposed[c] as (p: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual(CHANNELS.map(ipcChannel));
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
