/**
 * Where the AI key is kept, said as it is in each mode (main/services/key-store.ts,
 * main/shell/safe-key-store.ts): the desktop seals it with the operating system's protection
 * and keeps it across restarts; web mode keeps it in the server's memory only; a desktop with
 * no real OS protection (Linux without a keyring) also keeps it for the session only.
 * `persisted` is what main answered when the key was saved; null before any save.
 */
export type AppMode = 'desktop' | 'web' | null;

const SESSION_ONLY_WEB =
  'kept for this session only: SCR Extract holds it in memory on this computer and never writes it to disk. Enter it again after SCR Extract is restarted.';
const SESSION_ONLY_DESKTOP =
  'kept for this session only: this computer has no secure key store that SCR Extract can use, so the key is never written to disk. Enter it again after SCR Extract is restarted.';
const SECURE = 'kept securely on this computer (encrypted by the operating system).';

/** How the key will be kept, for the line above the form. */
export function whereKeyIsKept(mode: AppMode, persisted: boolean | null = null): string {
  if (mode === 'web' || persisted === false) return `The key is ${mode === 'web' ? SESSION_ONLY_WEB : SESSION_ONLY_DESKTOP}`;
  if (mode === 'desktop') return `The key is ${SECURE}`;
  return 'The key is kept by SCR Extract on this computer and is never shown again.';
}

/** The message after a key was saved. */
export function keySavedMessage(mode: AppMode, persisted: boolean | undefined): string {
  return `Key saved. It cannot be shown again. It is ${
    mode === 'web' ? SESSION_ONLY_WEB : persisted === false ? SESSION_ONLY_DESKTOP : SECURE
  }`;
}
