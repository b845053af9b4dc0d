// `npm run extract`: runs the built command (dist/main/extract.js) in this process, so the
// command, its worker threads and the benchmark run the compiled code the app ships. When
// the build is missing or older than its sources it is rebuilt first, and only then is the
// bundler loaded (vite, through tsx): file times are all an up-to-date run looks at.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NODE_SOURCES, commandEntries, isStale } from './build-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = commandEntries(root, 'extract');

if (isStale(root, names.map((n) => `dist/main/${n}.js`), NODE_SOURCES)) {
  process.stderr.write('Building the extract command…\n');
  const { register } = await import('tsx/esm/api');
  register();
  const { buildNode } = await import(pathToFileURL(join(root, 'scripts', 'build.ts')).href);
  await buildNode(names);
}

const { main } = await import(pathToFileURL(join(root, 'dist', 'main', 'extract.js')).href);
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`extract: ${err?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
