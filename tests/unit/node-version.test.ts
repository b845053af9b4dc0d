import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Node versions the README asks for are the ones the project declares and its tools
 * need: the minimum in package.json's engines (tests, web mode, the extract command), and
 * Electron's own tooling's minimum for the desktop app and installers, which the release
 * workflow uses.
 */
const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const version = (s: string) => s.split('.').map(Number);
const atLeast = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
};

describe('the Node version', () => {
  const readme = read('README.md');
  const engines = JSON.parse(read('package.json')).engines.node as string;

  it('the README’s minimum for the tests and web mode is package.json’s engines', () => {
    const min = /also run on \*\*Node (\d+\.\d+) or\s+later\*\*/.exec(readme)?.[1];
    expect(min).toBeDefined();
    expect(engines).toBe(`>=${min}`);
  });

  it('the README asks for what Electron’s tooling needs, and the release workflow uses at least that', () => {
    const asked = /\*\*Node\.js (\d+\.\d+) or later\*\*/.exec(readme)?.[1];
    const electronNeeds = /(\d+\.\d+)/.exec(JSON.parse(read('node_modules/electron/package.json')).engines.node)?.[1];
    expect(asked).toBe(electronNeeds);
    const workflow = /NODE_VERSION: '(\d+)'/.exec(read('.github/workflows/release.yml'))?.[1];
    expect(atLeast(`${workflow}.99`, asked!)).toBe(true);
  });
});
