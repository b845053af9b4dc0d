import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine';
import { configureLogging, fileSink, log } from '../core/log/logger';
import { createOcrService } from '../core/ocr/ocr-service';
import { createCoreAiLink } from '../services/core-ai-link';
import { defaultDataDir, ensureDataDir } from '../services/data-dir';
import { startWebMode } from './web-mode';

/**
 * `npm start` where Electron cannot run, or `node dist/main/server.js`: local web mode.
 * Prints one line with the link to open and runs until Ctrl+C.
 *
 * SCR_WEB_PORT   the port (default 27480; fixed because a browser keeps the records of a
 *                page per origin, port included: a new port would show an empty app)
 * SCR_WEB_TOKEN  use this token instead of minting one (test harnesses that restart it)
 * SCR_DATA_DIR   the data folder (default: the desktop app's user-data folder)
 */
export const DEFAULT_WEB_PORT = 27_480;

// main/server/serve.ts from source, dist/main/server.js when built: the project root is two up either way.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * An uncaught error's message and stack may quote a document or a record: the log gets its
 * name and code only (through the redacting logger), the terminal a plain sentence.
 */
function stopOnUnexpected(kind: string) {
  return (err: unknown) => {
    const code = (err as { code?: unknown } | null)?.code;
    log.error(kind, { errName: err instanceof Error ? err.name : typeof err, code: typeof code === 'string' ? code : null });
    process.stderr.write('SCR Extract stopped after an unexpected error. Start it again; if this keeps happening, tell your IT lead.\n');
    process.exit(1);
  };
}

async function main(): Promise<void> {
  const env = process.env;
  process.on('uncaughtException', stopOnUnexpected('uncaught exception'));
  process.on('unhandledRejection', stopOnUnexpected('unhandled rejection'));
  const port = env.SCR_WEB_PORT ? Number(env.SCR_WEB_PORT) : DEFAULT_WEB_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write('SCR_WEB_PORT must be a port number.\n');
    process.exit(2);
  }
  const dataDir = defaultDataDir(env);
  ensureDataDir(dataDir);
  configureLogging({ sinks: [fileSink(join(dataDir, 'logs', 'web.log'))] });
  const rendererDir = env.SCR_RENDERER_DIR ?? join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`The app has not been built (no ${join(rendererDir, 'index.html')}). Run npm run build.\n`);
    process.exit(1);
  }

  let web;
  try {
    web = await startWebMode({
      dataDir,
      rendererDir,
      port,
      ...(env.SCR_WEB_TOKEN && { token: env.SCR_WEB_TOKEN }),
      version: version(),
      createEngine,
      ai: createCoreAiLink(),
      createOcr: () => createOcrService(),
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `Port ${port} is in use: SCR Extract may already be running. Set SCR_WEB_PORT to use another port.\n`
        : `SCR Extract could not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  }

  process.stdout.write(`SCR Extract (web mode) is running. Open ${web.server.url} in your browser. Press Ctrl+C to stop.\n`);
  log.info('web mode started', { port: web.server.port });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('web mode stopping', { signal });
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    void web.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
