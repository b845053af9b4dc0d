// Runs before `npm start` and `npm test`: a fresh clone installs what it needs first.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = new URL('../node_modules/.package-lock.json', import.meta.url);
if (!existsSync(marker)) {
  process.stderr.write('Installing dependencies (npm ci)…\n');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
