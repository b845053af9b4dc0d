import type { SecurityState } from '../../core/contract/security';
import type { AppLock } from './app-lock';
import type { DataKeyVault } from './data-key-vault';

/** The data key and the app lock together, with one view of both for the renderer. */
export interface Security {
  vault: DataKeyVault;
  lock: AppLock;
  /** Either lock is closed: main refuses data calls and holds back record events. */
  closed(): boolean;
  state(idleMinutes: number): SecurityState;
}

export function createSecurity(vault: DataKeyVault, lock: AppLock): Security {
  return {
    vault,
    lock,
    closed: () => lock.locked() || vault.state() !== 'open',
    state: (idleMinutes) => ({
      dataKey: vault.state(),
      keyMethod: vault.method,
      appLocked: lock.locked(),
      lockEnabled: lock.enabled(),
      idleMinutes,
      waitSeconds: Math.max(vault.waitSeconds(), lock.waitSeconds()),
      dataKeyId: vault.keyId(),
    }),
  };
}
