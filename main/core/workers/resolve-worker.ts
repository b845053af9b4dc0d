import { fileURLToPath } from 'node:url';

/**
 * Where a worker module in this folder lives. From source (vitest, tsx) the `.ts` file is
 * loaded through a small tsx bootstrap. In a build this module is bundled into
 * dist/main/<entry>.js and each worker is its own bundle beside it (see scripts/build.ts),
 * so the same relative name resolves in both.
 */
export function resolveWorker(name: string): { filename: string; workerData?: unknown } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return {
      filename: fileURLToPath(new URL('./ts-bootstrap.mjs', here)),
      workerData: { entry: new URL(`./${name}.ts`, here).href },
    };
  }
  return { filename: fileURLToPath(new URL(`./${name}.js`, here)) };
}
