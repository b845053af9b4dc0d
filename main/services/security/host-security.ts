import { createAppLock } from './app-lock';
import { createDataKeyVault, type KekSource } from './data-key-vault';
import { keyringPath } from './keyring-file';
import { createSecurity, type Security } from './security';

/**
 * The security each host starts with. Web mode: the data key behind a passphrase typed
 * at start, and the app unlocked (the passphrase already guards a fresh start). Desktop:
 * the data key sealed by the OS when it offers real protection (else a passphrase too),
 * and the app locked at start when a passcode is set.
 */
export function createHostSecurity(opts: {
  mode: 'desktop' | 'web';
  dataDir: string;
  kek: KekSource;
  now?: () => number;
}): Security {
  const vault = createDataKeyVault({ path: keyringPath(opts.dataDir, opts.mode), kek: opts.kek, ...(opts.now && { now: opts.now }) });
  const lock = createAppLock({ dataDir: opts.dataDir, startLocked: opts.mode === 'desktop', ...(opts.now && { now: opts.now }) });
  return createSecurity(vault, lock);
}

/** An OS-sealed data key needs nobody to type anything: set it up or open it at start. */
export async function openWithoutInput(security: Security): Promise<void> {
  const { vault } = security;
  if (vault.method !== 'os') return;
  if (vault.state() === 'not-set-up') await vault.setUp();
  else await vault.open().catch(() => undefined);
}
