import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfsUnder, safeCsvName } from '../../main/shell/native-dialogs';

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
    const found = (await pdfsUnder(root)).map((p) => relative(root, p)).sort();
    expect(found).toEqual(['a.pdf', 'b.PDF', join('sub', 'c.pdf')]);
    rmSync(outside, { recursive: true, force: true });
  });
});
