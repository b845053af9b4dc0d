import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuPool, type CpuPool } from '../../main/core/pipeline/cpu-pool';
import { ensureCorpus } from '../fixtures/generator';
import { TEST_SIZES, writeHostileFiles } from '../fixtures/hostile/generate';

/**
 * The synchronous inflate and the restored native functions (pdfjs-runtime.ts) must not
 * change a single item: every document is read by a pool running pdfjs as it ships
 * (SCR_PDFJS_STOCK=1) and by the default pool, and the two texts must be identical. The
 * corpus is the project's generated one, the hostile text documents (one with a corrupt
 * Flate stream in its font, which takes pdfjs's fallback path), and the shared samples
 * where they are present.
 */
const SAMPLES = fileURLToPath(new URL('../../../shared/samples/scr/', import.meta.url));
const HOSTILE_TEXT = ['xobject-cycle.pdf', 'font-embedded.pdf', 'font-damaged-data.pdf', 'font-damaged-tounicode.pdf', 'form-fields-only.pdf'];

let stock: CpuPool;
let ours: CpuPool;
let dir = '';
const files: string[] = [];

beforeAll(async () => {
  stock = createCpuPool({ threads: 1, env: { ...(process.env as Record<string, string>), SCR_PDFJS_STOCK: '1' } });
  ours = createCpuPool({ threads: 1 });
  dir = mkdtempSync(join(tmpdir(), 'equiv-'));
  for (const { c, path } of writeHostileFiles(dir, TEST_SIZES)) if (HOSTILE_TEXT.includes(c.name)) files.push(path);
  for (const d of await ensureCorpus()) files.push(d.file);
  if (existsSync(SAMPLES)) {
    for (const f of readdirSync(SAMPLES).filter((f) => /^(doc|other).*\.pdf$/.test(f)).sort()) files.push(join(SAMPLES, f));
  } else {
    console.info('pdfjs-runtime equivalence: ../shared/samples not present, skipped (generated corpus only)');
  }
}, 600_000);

afterAll(async () => {
  await Promise.all([stock?.destroy(), ours?.destroy()]);
  rmSync(dir, { recursive: true, force: true });
});

async function readWith(pool: CpuPool, file: string): Promise<string> {
  try {
    return JSON.stringify(await pool.read(new Uint8Array(readFileSync(file)), { maxPages: 100 }));
  } catch (err) {
    return `error ${(err as { code?: string }).code}`;
  }
}

describe('pdfjs with sync inflate and native functions reads exactly what pdfjs as shipped reads', () => {
  it('on every document of the corpus', async () => {
    expect(files.length).toBeGreaterThan(HOSTILE_TEXT.length);
    const differ: string[] = [];
    for (const f of files) if ((await readWith(stock, f)) !== (await readWith(ours, f))) differ.push(f);
    expect(differ).toEqual([]);
  }, 600_000);
});
