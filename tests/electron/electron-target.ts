import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which Electron the smoke test drives:
 *   SCR_PACKAGED_APP   the executable of a packaged app (release/linux-unpacked/scr-extract,
 *                      release/win-unpacked/SCR Extract.exe, or an installed copy);
 *   otherwise          the Electron binary from node_modules with this checkout's build (dist/).
 * None is an answer too: the reason is printed and the test is skipped.
 */
export type ElectronTarget =
  | { ok: true; label: string; executable: string; args: string[] }
  | { ok: false; reason: string };

const root = join(import.meta.dirname, '..', '..');

export function electronTarget(env: NodeJS.ProcessEnv = process.env): ElectronTarget {
  const packaged = env.SCR_PACKAGED_APP;
  if (packaged) {
    if (!existsSync(packaged)) return { ok: false, reason: `SCR_PACKAGED_APP names ${packaged}, which does not exist` };
    return { ok: true, label: `packaged: ${packaged}`, executable: packaged, args: [] };
  }
  const binary = devElectronBinary();
  if (!binary) {
    return {
      ok: false,
      reason: 'no Electron binary here (node_modules/electron has not downloaded it; set SCR_PACKAGED_APP to test a packaged app)',
    };
  }
  const missing = ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'].filter((f) => !existsSync(join(root, f)));
  if (missing.length) return { ok: false, reason: `the app is not built (${missing.join(', ')} missing): run npm run build first` };
  return { ok: true, label: 'development build', executable: binary, args: [root] };
}

/** Where the electron package put its download, as its own index.js finds it. */
function devElectronBinary(): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist'), rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
