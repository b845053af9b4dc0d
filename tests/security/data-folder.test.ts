import { chmodSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLogging, fileSink, log } from '../../main/core/log/logger';
import { ensureDataDir } from '../../main/services/data-dir';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * Issue 13, item 9: web mode's data folder was created 0755 (the log file's folder was made
 * first, with the default mode), though docs/security.md says owner only. POSIX modes only.
 */
const posix = process.platform !== 'win32';
const parents: string[] = [];
let h: Harness | null = null;
afterEach(async () => {
  configureLogging({ sinks: [] });
  await h?.cleanup();
  h = null;
  for (const d of parents.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

function freshDataDir(): string {
  const parent = tempDir('scr-datadir-');
  parents.push(parent);
  return join(parent, 'SCR Extract');
}

/** Every file and folder under `dir`, with its mode. */
function modesUnder(dir: string): { path: string; mode: number; dir: boolean }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).map((e) => {
    const path = join(e.parentPath, e.name);
    return { path, mode: mode(path), dir: e.isDirectory() };
  });
}

describe.runIf(posix)('the data folder is owner-only', () => {
  it('web mode’s start order (log file first, then the services) leaves the folder 0700 and every file 0600', async () => {
    const dataDir = freshDataDir();
    // serve.ts: the folder, then the log file in it, then the services.
    ensureDataDir(dataDir);
    configureLogging({ sinks: [fileSink(join(dataDir, 'logs', 'web.log'))] });
    log.info('started');
    h = makeServices({ dataDir });
    await h.services.invoke('updateSettings', { settings: { maxPages: 50 } });
    await h.services.invoke('recordAudit', { events: [{ action: 'viewed', documentId: 'doc-1' }] });

    expect(mode(dataDir)).toBe(0o700);
    const entries = modesUnder(dataDir);
    expect(entries.map((e) => e.path.slice(dataDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['logs', 'logs/web.log', 'settings.json', 'audit', 'audit/head.json']),
    );
    for (const e of entries) expect(e.mode, e.path).toBe(e.dir ? 0o700 : 0o600);
  });

  it('the log file’s folder is made owner-only even when it is the first thing in the data folder', () => {
    const dataDir = freshDataDir();
    // Before the fix this made the data folder and logs/ 0755.
    configureLogging({ sinks: [fileSink(join(dataDir, 'logs', 'web.log'))] });
    log.info('started');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(join(dataDir, 'logs', 'web.log'))).toBe(0o600);
  });

  it('a folder an earlier version left 0755 is tightened when the services start', () => {
    const dataDir = freshDataDir();
    ensureDataDir(dataDir);
    chmodSync(dataDir, 0o755);
    h = makeServices({ dataDir });
    expect(mode(dataDir)).toBe(0o700);
  });
});
