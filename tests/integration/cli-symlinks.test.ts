import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../main/cli/inputs';

/**
 * Issue 13, item 6: a symlinked PDF inside a folder given to `extract` got no line, and the
 * summary said 6 of 6 when there were 7. Links are followed now, safely: links back up the
 * tree do not loop, a link that leads nowhere still gets its line, and every input gets
 * exactly one. POSIX symlinks; mkfifo where the system has it.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'main/cli/extract.ts');
const posix = process.platform !== 'win32';

let work: string;
let folder: string;

async function tinyPdf(label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([300, 200]).drawText(`Test page ${label}`, { x: 20, y: 150, size: 12, font });
  return doc.save();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'scr-cli-links-'));
  folder = join(work, 'inbox');
  const outside = join(work, 'outside');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(folder, 'a.pdf'), await tinyPdf('a'));
  writeFileSync(join(folder, 'b.pdf'), await tinyPdf('b'));
  writeFileSync(join(folder, 'sub', 'c.pdf'), await tinyPdf('c'));
  writeFileSync(join(folder, 'notes.txt'), 'not a pdf, not listed');
  writeFileSync(join(outside, 'x.pdf'), await tinyPdf('x'));
  writeFileSync(join(outside, 'y.pdf'), await tinyPdf('y'));
  if (!posix) return;
  // The case from the issue: a PDF linked into the folder.
  symlinkSync(join(outside, 'x.pdf'), join(folder, 'linked.pdf'));
  // A link that leads nowhere, named like a PDF.
  symlinkSync(join(outside, 'gone.pdf'), join(folder, 'broken.pdf'));
  // A linked folder, and links back up the tree (each would loop if followed blindly).
  symlinkSync(outside, join(folder, 'linked-folder'));
  symlinkSync(folder, join(folder, 'sub', 'up-to-inbox'));
  symlinkSync('.', join(folder, 'sub', 'self'));
  spawnSync('mkfifo', [join(folder, 'pipe.pdf')]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(posix)('extract over a folder with symbolic links', () => {
  it('lists every PDF once, linked ones included, without looping', () => {
    const files = expandInputs([folder]).map((f) => f.path.slice(folder.length + 1));
    const fifo = spawnSync('test', ['-p', join(folder, 'pipe.pdf')]).status === 0;
    expect(files).toEqual([
      'a.pdf',
      'b.pdf',
      'broken.pdf',
      'linked-folder/x.pdf',
      'linked-folder/y.pdf',
      'linked.pdf',
      ...(fifo ? ['pipe.pdf'] : []),
      'sub/c.pdf',
    ]);
    // Before the fix: linked.pdf, broken.pdf and the linked folder's files were missing.
    const sizes = Object.fromEntries(expandInputs([folder]).map((f) => [f.path.slice(folder.length + 1), f.size]));
    expect(sizes['linked.pdf']).toBeGreaterThan(0);
    expect(sizes['broken.pdf']).toBe(0);
  });

  it('gives every input exactly one line, says why a broken link could not be read, and counts them all', () => {
    const out = join(work, 'out.jsonl');
    const res = spawnSync(TSX, [CLI, '--json', out, folder], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(res.status, res.stderr).toBe(0);
    const expected = expandInputs([folder]).map((f) => f.path);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; status: string; error: { code: string; message: string } | null });
    expect(lines.map((l) => l.file)).toEqual(expected);
    // Read through the link like any other file (these test pages are not patient summaries).
    expect(lines.find((l) => l.file.endsWith('/linked.pdf'))).toMatchObject({ status: 'failed', error: { code: 'ERR_NOT_SCR' } });
    expect(lines.find((l) => l.file.endsWith('/broken.pdf'))?.error?.message).toMatch(/could not be found/);
    const pipe = lines.find((l) => l.file.endsWith('/pipe.pdf'));
    if (pipe) expect(pipe).toMatchObject({ status: 'failed', error: { code: 'ERR_INVALID_FILE_TYPE' } });
    expect(res.stderr).toContain(`of ${expected.length}\n`);
  });
});
