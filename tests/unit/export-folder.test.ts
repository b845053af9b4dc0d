import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../main/services/audit/audit-log';
import { EXPORT_FILE_NAME, exportFileName } from '../../main/services/export-folder/export-file-name';
import { createExportFolder, EXPORT_CONFIG_FILE } from '../../main/services/export-folder/export-folder-service';
import { EXPORT_JOURNAL_FILE } from '../../main/services/export-folder/export-journal';
import { writeNewFile } from '../../main/services/export-folder/write-new-file';

/**
 * Hooks into the file system the writer uses: what a poller would see at the moment the real
 * name appears, and a disk that fills up mid-write.
 */
const hooks = vi.hoisted(() => ({ beforeLink: null as ((from: string) => void) | null, writeFails: null as string | null, openFails: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const link: typeof real.link = async (from, to) => {
    hooks.beforeLink?.(String(from));
    return real.link(from, to);
  };
  const open = (async (...args: Parameters<typeof real.open>) => {
    if (hooks.openFails) throw Object.assign(new Error('open failed'), { code: hooks.openFails });
    const handle = await real.open(...args);
    const code = hooks.writeFails;
    if (code) {
      handle.writeFile = async () => {
        throw Object.assign(new Error('write failed'), { code });
      };
    }
    return handle;
  }) as typeof real.open;
  return { ...real, default: { ...real, link, open }, link, open };
});

const CSV = '\uFEFFNHS number,Given name\r\n9434765919,Jane\r\n';

const cleanups: (() => void)[] = [];
afterEach(() => {
  hooks.beforeLink = null;
  hooks.writeFails = null;
  hooks.openFails = null;
  for (const c of cleanups.splice(0).reverse()) c();
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function setUp(opts: { fileName?: (at: Date) => string } = {}) {
  const dataDir = temp('scr-expfolder-data-');
  const folder = temp('scr-expfolder-out-');
  const audit: AuditEntry[] = [];
  const make = () =>
    createExportFolder({
      dataDir,
      audit: { append: (e) => (audit.push(e), { seq: audit.length, at: '', who: 't', action: e.action, documentId: null, detail: e.detail ?? {} }), list: () => ({ events: [], total: 0, intact: true }) },
      now: () => new Date(2025, 2, 14, 9, 30, 5),
      ...(opts.fileName && { fileName: opts.fileName }),
    });
  return { dataDir, folder, audit, service: make(), make };
}

const request = (documentIds = ['doc-1']) => ({ content: CSV, documentIds, template: 'Patients' });
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('export folder: file names', () => {
  it('names a file by the time it was written and a random id, never by what is in it', () => {
    const name = exportFileName(new Date(2025, 2, 14, 9, 30, 5), '3f9a1c2e');
    expect(name).toBe('scr-approved-20250314-093005-3f9a1c2e.csv');
    const random = exportFileName(new Date(2025, 2, 14, 9, 30, 5));
    expect(random).toMatch(EXPORT_FILE_NAME);
    expect(random).not.toBe(exportFileName(new Date(2025, 2, 14, 9, 30, 5)));
  });
});

describe('export folder: writing a new file', () => {
  it('writes the content under its name and leaves no temporary file behind', async () => {
    const dir = temp('scr-newfile-');
    expect(await writeNewFile(dir, 'a.csv', CSV)).toBe(true);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(CSV);
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });

  it('never replaces a file already there: it answers false and the old file is untouched', async () => {
    const dir = temp('scr-newfile-');
    writeFileSync(join(dir, 'a.csv'), 'the practice system’s file');
    expect(await writeNewFile(dir, 'a.csv', CSV)).toBe(false);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('the practice system’s file');
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });

  it('is never seen half-written: the content is complete under a temporary name before the real name appears', async () => {
    const dir = temp('scr-newfile-');
    const seen: { names: string[]; tmpContent: string }[] = [];
    hooks.beforeLink = (from) => seen.push({ names: readdirSync(dir), tmpContent: readFileSync(from, 'utf8') });
    expect(await writeNewFile(dir, 'b.csv', CSV)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.names).toHaveLength(1);
    expect(seen[0]!.names[0]).toMatch(/^\.b\.csv\.[0-9a-f]{8}\.partial$/);
    expect(seen[0]!.tmpContent).toBe(CSV);
    expect(readdirSync(dir)).toEqual(['b.csv']);
  });

  it('fails plainly when the folder is gone, leaving nothing behind', async () => {
    const dir = join(temp('scr-newfile-'), 'gone');
    await expect(writeNewFile(dir, 'a.csv', CSV)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('export folder: the service', () => {
  it('is off until a folder is chosen, and refuses to write when off', async () => {
    const { service, folder } = setUp();
    expect(service.status()).toEqual({ path: null, state: 'off', lastWritten: null, lastError: null, template: { id: 'builtin-patient', name: 'One row per patient' } });
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringContaining('No export folder is set') });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a relative path, a missing folder and a file, and keeps the chosen folder across a restart', () => {
    const { service, folder, make, audit, dataDir } = setUp();
    expect(() => service.setFolder('relative/out')).toThrow(/full path/);
    expect(() => service.setFolder(join(folder, 'nope'))).toThrow(/no folder at that path/);
    writeFileSync(join(folder, 'x.csv'), 'x');
    expect(() => service.setFolder(join(folder, 'x.csv'))).toThrow(/not a folder/);
    expect(service.status().state).toBe('off');
    expect(service.setFolder(folder)).toMatchObject({ path: folder, state: 'ready' });
    expect(audit).toEqual([{ action: 'settings-changed', detail: { keys: ['exportFolder'] } }]);
    expect(make().status()).toMatchObject({ path: folder, state: 'ready' });
    expect(make().setFolder(null).state).toBe('off');
    expect(JSON.parse(readFileSync(join(dataDir, EXPORT_CONFIG_FILE), 'utf8')).path).toBeNull();
  });

  it('reads a settings file from before the template could be chosen: the same folder, with the export’s default template', () => {
    const { folder, dataDir, make } = setUp();
    const lastWritten = { fileName: 'scr-approved-20250314-093005-3f9a1c2e.csv', at: '2025-03-14T09:30:05.000Z', count: 2 };
    writeFileSync(join(dataDir, EXPORT_CONFIG_FILE), JSON.stringify({ path: folder, lastWritten, lastError: null }));
    const service = make();
    expect(service.status()).toEqual({ path: folder, state: 'ready', lastWritten, lastError: null, template: { id: 'builtin-patient', name: 'One row per patient' } });
    // Older still: only the path.
    writeFileSync(join(dataDir, EXPORT_CONFIG_FILE), JSON.stringify({ path: folder }));
    expect(make().status()).toMatchObject({ path: folder, state: 'ready', lastWritten: null, template: { id: 'builtin-patient' } });
  });

  it('keeps the template chosen for the folder across a restart and a change of folder, and audits the change (not its name)', () => {
    const { service, folder, make, audit, dataDir } = setUp();
    const items = { id: 'builtin-items', name: 'One row per item' };
    expect(service.setTemplate(items).template).toEqual(items);
    // The same choice again changes nothing and says nothing.
    service.setTemplate(items);
    expect(audit).toEqual([{ action: 'settings-changed', detail: { keys: ['exportFolderTemplate'] } }]);
    expect(make().status().template).toEqual(items);
    service.setFolder(folder);
    expect(make().status()).toMatchObject({ path: folder, template: items });
    const mine = { id: 'tpl-0b6f7d4e-1c2a-4f4e-9a51-8d7f0c1e2b3a', name: 'Practice system import' };
    service.setTemplate(mine);
    service.setFolder(null);
    expect(make().status()).toMatchObject({ path: null, state: 'off', template: mine });
    expect(JSON.parse(readFileSync(join(dataDir, EXPORT_CONFIG_FILE), 'utf8')).template).toEqual(mine);
  });

  it('writes each call as a new CSV file in the chosen folder, remembers it, and audits it by ids', async () => {
    const { service, folder, audit, make } = setUp();
    service.setFolder(folder);
    const first = await service.write(request(['doc-1', 'doc-2']));
    const second = await service.write(request(['doc-3']));
    expect(first.fileName).toMatch(EXPORT_FILE_NAME);
    expect(first.fileName.startsWith('scr-approved-20250314-093005-')).toBe(true);
    expect(second.fileName).not.toBe(first.fileName);
    expect(readdirSync(folder).sort()).toEqual([first.fileName, second.fileName].sort());
    expect(readFileSync(join(folder, first.fileName), 'utf8')).toBe(CSV);
    expect(second.status).toMatchObject({ state: 'ready', lastError: null, lastWritten: { fileName: second.fileName, count: 1, at: new Date(2025, 2, 14, 9, 30, 5).toISOString() } });
    expect(audit.filter((e) => e.action === 'exported')).toEqual([
      { action: 'exported', detail: { count: 2, template: 'Patients', fileName: first.fileName, scope: 'approved', to: 'export-folder', documentIds: ['doc-1', 'doc-2'] } },
      { action: 'exported', detail: { count: 1, template: 'Patients', fileName: second.fileName, scope: 'approved', to: 'export-folder', documentIds: ['doc-3'] } },
    ]);
    // Kept for the settings screen after a restart.
    expect(make().status().lastWritten?.fileName).toBe(second.fileName);
  });

  it('never overwrites a file already in the folder: it takes another name', async () => {
    const names = ['scr-approved-20250314-093005-aaaaaaaa.csv', 'scr-approved-20250314-093005-bbbbbbbb.csv'];
    const { service, folder } = setUp({ fileName: () => names.shift()! });
    service.setFolder(folder);
    writeFileSync(join(folder, 'scr-approved-20250314-093005-aaaaaaaa.csv'), 'already here');
    const { fileName } = await service.write(request());
    expect(fileName).toBe('scr-approved-20250314-093005-bbbbbbbb.csv');
    expect(readFileSync(join(folder, 'scr-approved-20250314-093005-aaaaaaaa.csv'), 'utf8')).toBe('already here');
    expect(readFileSync(join(folder, fileName), 'utf8')).toBe(CSV);
  });

  it('says plainly when the folder has gone, keeps the error for Settings, and clears it after a write that works', async () => {
    const { service, folder, audit } = setUp();
    service.setFolder(folder);
    rmSync(folder, { recursive: true });
    expect(service.status().state).toBe('missing');
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringContaining('cannot be found') });
    expect(service.status().lastError?.message).toContain('cannot be found');
    expect(audit.some((e) => e.action === 'exported')).toBe(false);

    writeFileSync(folder, 'now a file');
    expect(service.status().state).toBe('not-a-folder');
    rmSync(folder);
    mkdirSync(folder);
    await service.write(request());
    expect(service.status()).toMatchObject({ state: 'ready', lastError: null, lastWritten: { count: 1 } });
  });

  it.skipIf(isRoot || process.platform === 'win32')('says when it may not write to the folder', async () => {
    const { service, folder } = setUp();
    service.setFolder(folder);
    chmodSync(folder, 0o500);
    expect(service.status().state).toBe('not-writable');
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringContaining('not allowed to write') });
    expect(service.status().lastError?.message).toContain('not allowed to write');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('says when the account may not write there (whoever runs the tests)', async () => {
    const { service, folder } = setUp();
    service.setFolder(folder);
    hooks.openFails = 'EACCES';
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringContaining('not allowed to write') });
    expect(service.status().lastError?.message).toContain('not allowed to write');
  });

  it('says when the disk is full, and leaves no partial file', async () => {
    const { service, folder } = setUp();
    service.setFolder(folder);
    hooks.writeFails = 'ENOSPC';
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE', message: expect.stringContaining('disk that holds the export folder is full') });
    expect(readdirSync(folder)).toEqual([]);
    expect(service.status().lastError?.message).toContain('full');
  });

  it('logs and keeps nothing from the records: the config file holds the path, the file name and counts only', async () => {
    const { service, folder, dataDir } = setUp();
    service.setFolder(folder);
    await service.write(request());
    const kept = readFileSync(join(dataDir, EXPORT_CONFIG_FILE), 'utf8');
    expect(kept).not.toContain('9434765919');
    expect(kept).not.toContain('Jane');
  });
});

describe('export folder: files noted until the page has marked their records', () => {
  it('notes each file written by ids only, keeps it across a restart, and forgets it once acknowledged', async () => {
    const { service, folder, dataDir, audit, make } = setUp();
    service.setFolder(folder);
    const { fileName } = await service.write(request(['doc-1', 'doc-2']));
    const noted = [{ fileName, at: new Date(2025, 2, 14, 9, 30, 5).toISOString(), documentIds: ['doc-1', 'doc-2'] }];
    expect(service.unacknowledged()).toEqual(noted);
    const kept = readFileSync(join(dataDir, EXPORT_JOURNAL_FILE), 'utf8');
    expect(kept).not.toContain('9434765919');
    expect(kept).not.toContain('Jane');
    // The app closed before the page said anything: still noted when main starts again.
    const again = make();
    expect(again.unacknowledged()).toEqual(noted);
    // A name main never wrote is nothing to forget.
    expect(again.acknowledge(['scr-approved-20250314-093005-00000000.csv'], true)).toBe(0);
    expect(again.acknowledge([fileName], false)).toBe(1);
    expect(again.unacknowledged()).toEqual([]);
    expect(make().unacknowledged()).toEqual([]);
    expect(audit.some((e) => e.action === 'export-marked-late')).toBe(false);
  });

  it('audits records marked only at a later start, by ids, once', async () => {
    const { service, folder, audit } = setUp();
    service.setFolder(folder);
    const { fileName } = await service.write(request(['doc-3']));
    expect(service.acknowledge([fileName], true)).toBe(1);
    expect(service.acknowledge([fileName], true)).toBe(0);
    expect(audit.filter((e) => e.action === 'export-marked-late')).toEqual([
      { action: 'export-marked-late', detail: { count: 1, fileName, to: 'export-folder', documentIds: ['doc-3'] } },
    ]);
  });

  it('notes nothing for a write that failed', async () => {
    const { service, folder } = setUp();
    service.setFolder(folder);
    hooks.writeFails = 'ENOSPC';
    await expect(service.write(request())).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE' });
    expect(service.unacknowledged()).toEqual([]);
  });
});
