import { create } from 'zustand';
import type { SecurityState } from '../../../main/core/contract/security';

/**
 * Where the app stands with its two locks (see features/security/gate.ts). Only 'open'
 * shows anything from the records; every other phase is a screen of its own.
 */
export type GatePhase =
  | 'starting'
  | 'unreachable'
  /** Web mode: this page has no valid sign-in (opened without the printed link, or an earlier run's). */
  | 'signed-out'
  | 'set-passphrase'
  | 'enter-passphrase'
  | 'locked'
  | 'key-problem'
  | 'key-mismatch'
  | 'open';

export interface SecurityStore {
  phase: GatePhase;
  security: SecurityState | null;
}

export const useSecurity = create<SecurityStore>(() => ({ phase: 'starting', security: null }));
