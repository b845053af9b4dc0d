import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { CHANNELS } from '../main/core/api/channels';

/**
 * `npm run build`: everything the app runs, into dist/.
 *   dist/main/<name>.js         Node side, ESM for Node 20, dependencies left to node_modules:
 *                               main (Electron), server (web mode), extract (CLI) and each
 *                               worker beside the bundles that start it (resolve-worker.ts
 *                               looks for ./<name>.worker.js next to itself).
 *   dist/preload/preload.cjs    one CommonJS file, only `electron` external (sandboxed preload
 *                               cannot require anything else), with the channel table's
 *                               names written in (never its schemas).
 *   dist/renderer/              the renderer, with vite.config.ts.
 * Each Node entry is its own self-contained bundle: no shared chunks, so import.meta.url
 * inside any of them is always dist/main/<entry>.js.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

export function nodeEntries(): Record<string, string> {
  const workersDir = join(root, 'main', 'core', 'workers');
  const workers = Object.fromEntries(
    readdirSync(workersDir)
      .filter((f) => f.endsWith('.worker.ts'))
      .map((f) => [basename(f, '.ts'), join(workersDir, f)]),
  );
  return {
    main: join(root, 'main', 'main.ts'),
    server: join(root, 'main', 'server', 'serve.ts'),
    extract: join(root, 'main', 'cli', 'extract.ts'),
    ...workers,
  };
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Bare imports (packages, node: built-ins, electron) stay imports; our own files are bundled. */
export function isExternal(id: string): boolean {
  if (builtins.has(id) || id.startsWith('node:')) return true;
  if (id.startsWith('.') || id.startsWith('\0') || isAbsolute(id)) return false;
  return true;
}

export function nodeConfig(name: string, entry: string, outDir = join(dist, 'main')): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: { format: 'es', entryFileNames: `${name}.js`, codeSplitting: false },
      },
    },
    ssr: { target: 'node', noExternal: [] },
  };
}

export function preloadConfig(outDir = join(dist, 'preload')): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      // Electron 45's Chromium.
      target: 'chrome140',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: join(root, 'preload', 'index.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rolldownOptions: { external: ['electron'], output: { codeSplitting: false } },
    },
    // The channel names only, from the table: zod and the schemas stay in main.
    define: { __SCR_CHANNELS__: JSON.stringify(CHANNELS) },
  };
}

/** Builds Node entries only (all by default), leaving the rest of dist/ alone. */
export async function buildNode(names: string[] = Object.keys(nodeEntries()), outDir = join(dist, 'main'), extra: Record<string, string> = {}): Promise<void> {
  const entries = { ...nodeEntries(), ...extra };
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    const entry = entries[name];
    if (!entry || !existsSync(entry)) throw new Error(`missing entry ${name}`);
    await build(nodeConfig(name, entry, outDir));
  }
}

export async function buildAll(): Promise<void> {
  const started = Date.now();
  rmSync(join(dist, 'main'), { recursive: true, force: true });
  mkdirSync(join(dist, 'main'), { recursive: true });

  for (const [name, entry] of Object.entries(nodeEntries())) {
    if (!existsSync(entry)) throw new Error(`missing entry ${entry}`);
    await build(nodeConfig(name, entry));
  }
  await build(preloadConfig());
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

  writeFileSync(join(dist, 'build-info.json'), JSON.stringify({ builtAt: new Date().toISOString() }, null, 2) + '\n');
  process.stdout.write(`build: dist/main, dist/preload, dist/renderer in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll().catch((err: unknown) => {
    process.stderr.write(`build failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
