import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** The local web server, started as `npm start` starts it where Electron cannot run; it prints its link with the run's token. */
const ENTRY = join(ROOT, 'main/server/serve.ts');
/** Where the global setup builds the renderer for these tests (not dist/: `npm start` may be serving that). */
export const RENDERER_DIR = join(ROOT, 'tests/.generated/e2e-renderer');

export interface RunningServer {
  /** The printed link: http://127.0.0.1:PORT/session?token=… (exchanged for a session cookie). */
  url: string;
  /** The run's token, from the printed link (for calls made from the test itself). */
  token: string;
  origin: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** SIGKILL: as if the machine lost power mid-batch. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/**
 * Starts the server in a child process on `port` (the same port after a restart: the
 * browser keeps IndexedDB per origin) with its data folder, and waits for its link.
 */
export async function startServer(opts: { port: number; dataDir?: string }): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'scr-e2e-data-'));
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { ...process.env, SCR_DATA_DIR: dataDir, SCR_WEB_PORT: String(opts.port), SCR_RENDERER_DIR: RENDERER_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`The web server did not print its link in time.\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/session\?token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`The web server exited (${code}) before printing its link.\n${stderr}`));
    });
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const { origin, searchParams } = new URL(url);
  return {
    url,
    token: searchParams.get('token')!,
    origin,
    port: opts.port,
    dataDir,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
