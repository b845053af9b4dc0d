import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderWatcher, type FolderWatcher } from '../../main/services/watched-folder/folder-watcher';
import { createSeenFiles, SEEN_FILE } from '../../main/services/watched-folder/seen-files';
import { createPickedFiles } from '../../main/services/picked-files';
import { createWatchedFolder } from '../../main/services/watched-folder/watched-folder-service';

const PDF = '%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n';
const SETTLE = 1000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A watcher driven by hand: no timers, a clock the test moves. */
function setUp(dataDir = temp('scr-watch-data-'), folder = temp('scr-watch-in-')) {
  const clock = { t: 1_000_000 };
  const make = () => {
    const w = createFolderWatcher({ dir: folder, seen: createSeenFiles(dataDir), settleMs: SETTLE, now: () => clock.t, timers: false });
    cleanups.push(() => w.close());
    return w;
  };
  return { dataDir, folder, clock, watcher: make(), make };
}

/** Two scans a settle period apart: what a file that stopped changing needs. */
async function settle(w: FolderWatcher, clock: { t: number }): Promise<void> {
  await w.scan();
  clock.t += SETTLE;
  await w.scan();
}

const names = (files: { path: string }[]) => files.map((f) => f.path.split(/[\\/]/).pop()).sort();

describe('watched folder: the watcher', () => {
  it('hands a new PDF over once, and never moves, changes or deletes it', async () => {
    const { folder, clock, watcher } = setUp();
    writeFileSync(join(folder, 'summary.pdf'), PDF);
    await settle(watcher, clock);
    expect(names(watcher.take())).toEqual(['summary.pdf']);
    await settle(watcher, clock);
    await settle(watcher, clock);
    expect(watcher.take()).toEqual([]);
    expect(watcher.status()).toMatchObject({ state: 'watching', waiting: 0, taken: 1 });
    expect(readFileSync(join(folder, 'summary.pdf'), 'utf8')).toBe(PDF);
  });

  it('waits for a file that is still being written until its size stops changing', async () => {
    const { folder, clock, watcher } = setUp();
    const path = join(folder, 'scanning.pdf');
    writeFileSync(path, PDF.slice(0, 10));
    await watcher.scan();
    expect(watcher.status().settling).toBe(1);
    clock.t += SETTLE;
    appendFileSync(path, PDF.slice(10, 20));
    await watcher.scan();
    // It changed since the last look: not taken yet.
    expect(watcher.take()).toEqual([]);
    clock.t += SETTLE;
    appendFileSync(path, PDF.slice(20));
    await watcher.scan();
    expect(watcher.take()).toEqual([]);
    clock.t += SETTLE;
    await watcher.scan();
    const [file] = watcher.take();
    expect(file).toMatchObject({ path, size: Buffer.byteLength(PDF) });
  });

  it('does not take a file that has not yet stayed the same for the settle period', async () => {
    const { folder, clock, watcher } = setUp();
    writeFileSync(join(folder, 'a.pdf'), PDF);
    await watcher.scan();
    clock.t += SETTLE - 1;
    await watcher.scan();
    expect(watcher.take()).toEqual([]);
    clock.t += 1;
    await watcher.scan();
    expect(names(watcher.take())).toEqual(['a.pdf']);
  });

  it('ignores what is not a PDF by name, empty files and subfolders', async () => {
    const { folder, clock, watcher } = setUp();
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    writeFileSync(join(folder, 'download.pdf.crdownload'), PDF);
    writeFileSync(join(folder, 'empty.pdf'), '');
    mkdirSync(join(folder, 'folder.pdf'));
    writeFileSync(join(folder, 'folder.pdf', 'inside.pdf'), PDF);
    writeFileSync(join(folder, 'UPPER.PDF'), PDF);
    await settle(watcher, clock);
    expect(names(watcher.take())).toEqual(['UPPER.PDF']);
  });

  it('does not hand a file over again after a restart, but does hand over one saved again with new content', async () => {
    const { folder, clock, watcher, make, dataDir } = setUp();
    writeFileSync(join(folder, 'a.pdf'), PDF);
    await settle(watcher, clock);
    expect(names(watcher.take())).toEqual(['a.pdf']);
    watcher.close();
    // What the data folder keeps names no file: hashes only.
    const kept = readFileSync(join(dataDir, SEEN_FILE), 'utf8');
    expect(kept).not.toContain('a.pdf');
    expect(kept).not.toContain(folder);

    const restarted = make();
    writeFileSync(join(folder, 'b.pdf'), PDF);
    await settle(restarted, clock);
    expect(names(restarted.take())).toEqual(['b.pdf']);

    clock.t += 5000;
    writeFileSync(join(folder, 'a.pdf'), PDF + '% saved again\n');
    await settle(restarted, clock);
    expect(names(restarted.take())).toEqual(['a.pdf']);
  });

  it('says plainly when the folder is missing or not a folder, and carries on when it is back', async () => {
    const parent = temp('scr-watch-parent-');
    const folder = join(parent, 'inbox');
    mkdirSync(folder);
    const { clock, watcher } = setUp(undefined, folder);
    await watcher.scan();
    expect(watcher.status().state).toBe('watching');
    rmSync(folder, { recursive: true });
    await watcher.scan();
    expect(watcher.status()).toMatchObject({ state: 'missing', path: folder });
    writeFileSync(folder, 'now a file');
    await watcher.scan();
    expect(watcher.status().state).toBe('not-a-folder');
    rmSync(folder);
    mkdirSync(folder);
    writeFileSync(join(folder, 'back.pdf'), PDF);
    await settle(watcher, clock);
    expect(watcher.status().state).toBe('watching');
    expect(names(watcher.take())).toEqual(['back.pdf']);
  });

  it('with its timers, notices a file saved into the folder by itself', async () => {
    const dataDir = temp('scr-watch-data-');
    const folder = temp('scr-watch-in-');
    const w = createFolderWatcher({ dir: folder, seen: createSeenFiles(dataDir), settleMs: 100, rescanMs: 150 });
    cleanups.push(() => w.close());
    writeFileSync(join(folder, 'live.pdf'), PDF);
    let taken: string[] = [];
    for (let i = 0; i < 100 && taken.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      taken = names(w.take()) as string[];
    }
    expect(taken).toEqual(['live.pdf']);
  });
});

describe('watched folder: the service', () => {
  it('refuses a relative path, a missing folder and a file, and keeps the chosen folder across a restart', () => {
    const dataDir = temp('scr-watch-data-');
    const folder = temp('scr-watch-in-');
    const service = createWatchedFolder({ dataDir, picked: createPickedFiles(), watcher: { timers: false } });
    cleanups.push(() => service.close());
    expect(() => service.setFolder('relative/inbox')).toThrow(/full path/);
    expect(() => service.setFolder(join(folder, 'nope'))).toThrow(/no folder at that path/);
    writeFileSync(join(folder, 'x.pdf'), PDF);
    expect(() => service.setFolder(join(folder, 'x.pdf'))).toThrow(/not a folder/);
    expect(service.status().state).toBe('off');
    expect(service.setFolder(folder)).toMatchObject({ path: folder, state: 'watching' });
    service.close();
    const again = createWatchedFolder({ dataDir, picked: createPickedFiles(), watcher: { timers: false } });
    cleanups.push(() => again.close());
    expect(again.status().path).toBe(folder);
    expect(again.setFolder(null).state).toBe('off');
    expect(existsSync(join(folder, 'x.pdf'))).toBe(true);
  });

  it('hands ready files over as picked documents (ids, names and sizes; main keeps the path)', async () => {
    const dataDir = temp('scr-watch-data-');
    const folder = temp('scr-watch-in-');
    const picked = createPickedFiles();
    const service = createWatchedFolder({ dataDir, picked, watcher: { settleMs: 50, rescanMs: 60 } });
    cleanups.push(() => service.close());
    service.setFolder(folder);
    writeFileSync(join(folder, 'from-scanner.pdf'), PDF);
    let docs: ReturnType<typeof service.take> = [];
    for (let i = 0; i < 100 && docs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 40));
      docs = service.take();
    }
    expect(docs).toEqual([{ pickId: expect.stringMatching(/^pick-/), name: 'from-scanner.pdf', size: Buffer.byteLength(PDF) }]);
    expect(picked.get(docs[0]!.pickId)?.path).toBe(join(folder, 'from-scanner.pdf'));
    expect(JSON.stringify(docs)).not.toContain(folder);
  });
});
