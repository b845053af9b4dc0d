import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { RENDERER_DIR } from './server';

/**
 * Builds the renderer once for every browser test file; each file starts the local web
 * server from source (main/server/serve.ts) serving this build. SCR_E2E_REUSE_BUILD=1
 * keeps an existing build (when only tests changed).
 */
export default async function setup(): Promise<void> {
  if (process.env.SCR_E2E_REUSE_BUILD === '1' && existsSync(join(RENDERER_DIR, 'index.html'))) return;
  await build({
    configFile: fileURLToPath(new URL('../../../vite.config.ts', import.meta.url)),
    logLevel: 'error',
    build: { outDir: RENDERER_DIR, emptyOutDir: true },
  });
}
