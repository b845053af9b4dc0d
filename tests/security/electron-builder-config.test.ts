import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml checked offline with electron-builder's own validator (the schema
 * in app-builder-lib/scheme.json), and the settings that matter for security asserted.
 */
const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'node_modules', 'app-builder-lib', 'package.json'));
const { validateConfiguration } = require('./out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = require('js-yaml') as { load(text: string): unknown };

type Config = {
  appId: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  publish: unknown;
  electronFuses: Record<string, boolean>;
  win: { target: { target: string }[] };
  linux: { target: string[] };
};

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really validated: a misspelt fuse is refused', async () => {
    const broken = structuredClone(config) as Config & { electronFuses: Record<string, boolean> };
    broken.electronFuses = { ...broken.electronFuses, runAsNod: false };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses that close the ways around the sandbox', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds Windows NSIS and Linux AppImage and deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('packs the app into an asar, ships only dist/, and publishes nowhere', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toContain('dist/**/*');
    expect(config.files.filter((f) => !f.startsWith('!') && f !== 'package.json').every((f) => f.startsWith('dist/'))).toBe(true);
    expect(config.asarUnpack).toContain('dist/main/*.worker.js');
    expect(config.publish).toBeNull();
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
  });

  it('matches the package’s entry point', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/main.js');
  });
});
