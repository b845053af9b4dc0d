// `npm start`: builds when the sources are newer than dist/, then opens the desktop app.
// Where the Electron binary cannot be obtained (no access to its download, as on locked-down
// machines) it says so in one line and starts local web mode instead, printing the link.
// Runs until Ctrl+C. SCR_WEB=1 asks for web mode directly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const OUTPUTS = ['main/main.js', 'main/server.js', 'preload/preload.cjs', 'renderer/index.html', 'build-info.json'];
const SOURCES = ['main', 'preload', 'renderer', 'scripts/build.ts', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  if (OUTPUTS.some((o) => !existsSync(join(dist, o)))) return true;
  const builtAt = statSync(join(dist, 'build-info.json')).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > builtAt);
}

function buildIfNeeded() {
  if (!needsBuild()) return;
  process.stdout.write('Building SCR Extract…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(r.status ?? 1);
  }
}

/** The Electron executable, downloading it on first use as the electron package does; null if it cannot be had. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const located = () => {
    try {
      const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
      const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkg, 'dist', rel);
      return existsSync(bin) ? bin : null;
    } catch {
      return null;
    }
  };
  if (!existsSync(pkg)) return null;
  const found = located();
  if (found) return found;
  // Quietly: on failure the one-line notice below says what happened.
  const r = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, stdio: 'pipe', timeout: 15 * 60_000 });
  return r.status === 0 ? located() : null;
}

async function startWebMode() {
  await import(pathToFileURL(join(dist, 'main', 'server.js')).href);
}

function startElectron(bin) {
  const started = Date.now();
  const child = spawn(bin, [root], { cwd: root, stdio: 'inherit', windowsHide: false });
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', () => {
    process.stdout.write('Electron could not be started on this machine, so SCR Extract is starting in local web mode instead.\n');
    void startWebMode();
  });
  child.on('exit', (code, signal) => {
    // A binary that dies at once (no display, missing system libraries) gets web mode.
    if (code && code !== 0 && !signal && Date.now() - started < 5000) {
      process.stdout.write('Electron could not open a window on this machine, so SCR Extract is starting in local web mode instead.\n');
      void startWebMode();
      return;
    }
    process.exit(code ?? 0);
  });
}

buildIfNeeded();
if (process.env.SCR_WEB === '1') {
  await startWebMode();
} else {
  const bin = electronBinary();
  if (bin) startElectron(bin);
  else {
    process.stdout.write('Electron is not available on this machine (its download could not be fetched), so SCR Extract is starting in local web mode instead.\n');
    await startWebMode();
  }
}
