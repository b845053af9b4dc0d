import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogPorts, pdfsUnder, safeCsvName } from '../../main/shell/native-dialogs';

let d: string | null = null;
afterEach(() => {
  if (d) rmSync(d, { recursive: true, force: true });
  d = null;
});

describe('native dialogs helpers', () => {
  it('makes a suggested CSV name safe to offer', () => {
    expect(safeCsvName('export.csv')).toBe('export.csv');
    expect(safeCsvName('../../Windows/evil')).toBe('evil.csv');
    expect(safeCsvName('C:\\Users\\x\\a:b*?.csv')).toBe('a_b__.csv');
    expect(safeCsvName('...')).toBe('scr-export.csv');
  });

  it('finds the PDFs under a folder without following links', async () => {
    d = mkdtempSync(join(tmpdir(), 'scr-pick-'));
    const outside = mkdtempSync(join(tmpdir(), 'scr-pick-outside-'));
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'a.pdf'), '%PDF');
    writeFileSync(join(d, 'b.PDF'), '%PDF');
    writeFileSync(join(d, 'notes.txt'), 'x');
    writeFileSync(join(d, 'sub', 'c.pdf'), '%PDF');
    writeFileSync(join(outside, 'x.pdf'), '%PDF');
    symlinkSync(outside, join(d, 'linked'));
    const root = d;
    const found = await pdfsUnder(root);
    expect(found.paths.map((p) => relative(root, p)).sort()).toEqual(['a.pdf', 'b.PDF', join('sub', 'c.pdf')]);
    expect(found.leftOut).toBe(0);
    rmSync(outside, { recursive: true, force: true });
  });

  it('takes a large folder up to the limit and counts the rest instead of dropping them silently', async () => {
    d = mkdtempSync(join(tmpdir(), 'scr-pick-'));
    for (let i = 0; i < 7; i++) writeFileSync(join(d, `f${i}.pdf`), '%PDF');
    const found = await pdfsUnder(d, 5);
    expect(found.paths.map((p) => relative(d!, p))).toEqual(['f0.pdf', 'f1.pdf', 'f2.pdf', 'f3.pdf', 'f4.pdf']);
    expect(found.leftOut).toBe(2);
  });

  it('answers the picked paths and sizes without reading a byte of them', async () => {
    d = mkdtempSync(join(tmpdir(), 'scr-pick-'));
    writeFileSync(join(d, 'a.pdf'), '%PDF-1.7 twenty bytes');
    mkdirSync(join(d, 'folder.pdf'));
    const ports = createDialogPorts({
      dialog: {
        showOpenDialog: (async () => ({ canceled: false, filePaths: [join(d!, 'a.pdf'), join(d!, 'folder.pdf')] })) as never,
        showSaveDialog: (async () => ({ canceled: true })) as never,
      },
      window: () => null,
      downloadsDir: d,
    });
    const picked = await ports.pickDocuments({});
    expect(picked).toEqual({ files: [{ path: join(d, 'a.pdf'), size: 21 }], leftOut: 0 });
    expect(JSON.stringify(picked)).not.toContain('PDF-1.7');
  });

  it('asks for a folder to watch or to export into in the native folder dialog: its path, or null when cancelled', async () => {
    const asked: unknown[] = [];
    let answer: { canceled: boolean; filePaths: string[] } = { canceled: false, filePaths: ['/home/practice/scr-inbox'] };
    const ports = createDialogPorts({
      dialog: {
        showOpenDialog: (async (options: unknown) => {
          asked.push(options);
          return answer;
        }) as never,
        showSaveDialog: (async () => ({ canceled: true })) as never,
      },
      window: () => null,
      downloadsDir: tmpdir(),
    });
    expect(await ports.pickFolder('watch')).toBe('/home/practice/scr-inbox');
    expect(asked[0]).toMatchObject({ title: 'Choose the folder to watch for PDFs', properties: expect.arrayContaining(['openDirectory']) });
    expect(await ports.pickFolder('export')).toBe('/home/practice/scr-inbox');
    expect(asked[1]).toMatchObject({ title: 'Choose the folder to write approved records into', properties: expect.arrayContaining(['openDirectory']) });
    answer = { canceled: true, filePaths: [] };
    expect(await ports.pickFolder('watch')).toBeNull();
  });
});
