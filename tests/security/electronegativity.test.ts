import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFindings, unjustifiedFindings, type Finding } from './electronegativity-findings';

/**
 * Doyensec's electronegativity over the app's own code (main, preload, renderer), offline:
 * pinned as a devDependency, Electron's version given, and the one check that needs the
 * network excluded. It must report nothing that is not justified in a comment at its line.
 */
const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'scr-electronegativity-'));
// The Electron the app is pinned to, so the version checks scan against what ships.
const electronVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron!;
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourcesUnder(full) : /\.(ts|tsx|js|mjs|html)$/.test(name) ? [full] : [];
  });
}

describe('electronegativity', () => {
  it('reports no unjustified finding in main, preload and the renderer', async () => {
    // A copy, so the scan sees exactly the app's code and not node_modules or tests.
    const src = join(work, 'src');
    for (const dir of ['main', 'preload', 'renderer']) cpSync(join(root, dir), join(src, dir), { recursive: true });
    const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity');
    expect(existsSync(bin), 'npm ci installs @doyensec/electronegativity (devDependency)').toBe(true);
    const out = join(work, 'findings.csv');
    const { stdout, stderr } = await run(bin, ['-i', src, '-e', electronVersion, '-x', 'availablesecurityfixesglobalcheck', '-o', out], {
      cwd: work,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { code?: unknown; signal?: unknown; stderr?: string }) => {
      // Say how the scan ended, so a failure on a CI machine can be told from a finding.
      throw new Error(`electronegativity did not finish (exit ${String(err.code)}, signal ${String(err.signal)}): ${String(err.stderr ?? '').slice(-2000)}`);
    });
    // A file it could not parse is a file it did not check.
    expect(`${stdout}\n${stderr}`).not.toMatch(/Error parsing/);
    const findings = parseFindings(readFileSync(out, 'utf8'));
    // A row that did not parse into a check's id is shown whole, so a CI failure can be read.
    expect(findings.every((f) => /^[A-Z][A-Z0-9_]*$/.test(f.id)), readFileSync(out, 'utf8')).toBe(true);
    const toRepo = (f: string) => (f.startsWith(src) ? join(root, relative(src, f)) : f);
    const sources = sourcesUnder(src).map((f) => readFileSync(f, 'utf8'));
    const open = unjustifiedFindings(findings, (f) => readFileSync(f, 'utf8'), sources);

    const describeFinding = (f: Finding) => `${f.id} ${relative(root, toRepo(f.file))}:${f.line} ${f.sample}`;
    console.info(
      `electronegativity: ${findings.length} finding(s), ${findings.length - open.length} justified at their line\n` +
        findings.map((f) => `  ${describeFinding(f)}`).join('\n'),
    );
    expect(open.map(describeFinding)).toEqual([]);
  });
});

describe('electronegativity justification rules', () => {
  const file = (text: string) => () => text;
  const finding = (line: number, id = 'OPEN_EXTERNAL_JS_CHECK'): Finding => ({ id, severity: 'MEDIUM', file: '/x.ts', line, sample: '' });

  it('accepts a reasoned comment on the line or in the comment block above', () => {
    const text = ['a();', '// electronegativity-ok OPEN_EXTERNAL_JS_CHECK: https only, vetted by isSafeExternalUrl', '// more words', 'shell.openExternal(u);'].join('\n');
    expect(unjustifiedFindings([finding(4)], file(text), [text])).toEqual([]);
  });

  it('refuses a finding with no comment, a comment for another check, or no reason', () => {
    const bare = 'a();\nshell.openExternal(u);';
    const other = '// electronegativity-ok PRELOAD_JS_CHECK: reviewed and fine for these reasons\nshell.openExternal(u);';
    const short = '// electronegativity-ok OPEN_EXTERNAL_JS_CHECK: ok\nshell.openExternal(u);';
    const separated = '// electronegativity-ok OPEN_EXTERNAL_JS_CHECK: https only, vetted by isSafeExternalUrl\nconst x = 1;\nshell.openExternal(u);';
    for (const text of [bare, other, short]) expect(unjustifiedFindings([finding(2)], file(text), [text])).toHaveLength(1);
    expect(unjustifiedFindings([finding(3)], file(separated), [separated])).toHaveLength(1);
  });

  it('parses the CSV the tool writes, commas inside quotes included', () => {
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected, anywhere",https://x',
      'PRELOAD_JS_CHECK,"MEDIUM","FIRM","/t/main-window.ts","25:6","preload: a, b","Review",https://y',
    ].join('\n');
    expect(parseFindings(csv)).toEqual([
      { id: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM', file: 'N/A', line: 0, sample: 'N/A' },
      { id: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', file: '/t/main-window.ts', line: 25, sample: 'preload: a, b' },
    ]);
    expect(unjustifiedFindings(parseFindings(csv).slice(0, 1), file(''), ['nothing here'])).toHaveLength(1);
  });

  it('keeps a sample printed over several lines in its own row', () => {
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CSP_GLOBAL_CHECK,"LOW","FIRM","/t/session-policy.ts","33:6","default-src \'none\';',
      "  script-src 'self'\",\"One or more CSP directives detected seems to be vulnerable\",https://x",
      'PRELOAD_JS_CHECK,"MEDIUM","FIRM","/t/main-window.ts","25:6","preload: a","Review",https://y',
    ].join('\n');
    expect(parseFindings(csv).map((f) => [f.id, f.file, f.line])).toEqual([
      ['CSP_GLOBAL_CHECK', '/t/session-policy.ts', 33],
      ['PRELOAD_JS_CHECK', '/t/main-window.ts', 25],
    ]);
  });
});

describe('the Electron pin', () => {
  it('is one exact 45.x release, at least 45.5.0 (45.4.1 lacks published security fixes)', () => {
    expect(electronVersion).toMatch(/^45\.\d+\.\d+$/);
    const [, minor, patch] = electronVersion.split('.').map(Number) as [number, number, number];
    expect(minor * 1000 + patch).toBeGreaterThanOrEqual(5000);
  });
});
