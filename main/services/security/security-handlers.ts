import { ApiCallError } from '../../core/api/contract';
import type { Engine } from '../../core/engine/types';
import { log } from '../../core/log/logger';
import type { AuditLog } from '../audit/audit-log';
import type { Handlers } from '../dispatch';
import type { SettingsStore } from '../settings-store';
import type { Security } from './security';

/**
 * The security and audit channels. Each receives its payload already parsed (dispatch.ts),
 * so a refusal says what was wrong with the request before this says anything about the
 * host's security.
 */
export type SecurityChannel =
  | 'getSecurityState'
  | 'setUpDataKey'
  | 'openDataKey'
  | 'lockApp'
  | 'unlockApp'
  | 'setLockPasscode'
  | 'recordAudit'
  | 'listAudit'
  | 'deleteAllData';

export interface SecurityHandlerContext {
  security: Security | null;
  audit: AuditLog;
  settings: SettingsStore;
  engine: Engine;
  /** Tells every window the lock changed. */
  announce(): void;
}

const seclog = log.child({ scope: 'security' });

function isWrongSecret(err: unknown): boolean {
  return err instanceof ApiCallError && err.code === 'ERR_WRONG_SECRET';
}

export function createSecurityHandlers(ctx: SecurityHandlerContext): Pick<Handlers, SecurityChannel> {
  const { audit, settings, engine } = ctx;
  const need = (): Security => {
    if (!ctx.security) throw new ApiCallError('ERR_UNAVAILABLE', 'Encryption and the app lock are not set up in this host.');
    return ctx.security;
  };
  const state = () => need().state(settings.get().lock.idleMinutes);

  return {
    async getSecurityState() {
      return { security: state() };
    },

    async setUpDataKey({ passphrase }) {
      const { vault } = need();
      if (vault.method === 'passphrase' && !passphrase) throw new ApiCallError('ERR_BAD_REQUEST', 'Choose a passphrase.', ['passphrase']);
      const grant = await vault.setUp(passphrase);
      audit.append({ action: 'data-key-created', detail: { method: vault.method } });
      seclog.info('data key created', { method: vault.method });
      ctx.announce();
      return grant;
    },

    async openDataKey({ passphrase }) {
      const { vault } = need();
      const wasOpen = vault.state() === 'open';
      try {
        const grant = await vault.open(passphrase);
        if (!wasOpen) {
          audit.append({ action: 'data-key-unlocked', detail: { method: vault.method } });
          ctx.announce();
        }
        return grant;
      } catch (err) {
        if (isWrongSecret(err)) {
          audit.append({ action: 'data-key-refused', detail: { method: vault.method } });
          ctx.announce();
        }
        throw err;
      }
    },

    async lockApp({ reason }) {
      const { lock } = need();
      if (!lock.enabled()) throw new ApiCallError('ERR_UNAVAILABLE', 'Set a passcode in Settings first.');
      if (!lock.locked()) {
        lock.lock();
        audit.append({ action: 'locked', detail: { reason } });
        ctx.announce();
      }
      return { security: state() };
    },

    async unlockApp({ passcode }) {
      const { lock } = need();
      if (!lock.locked()) return { security: state() };
      try {
        await lock.unlock(passcode);
      } catch (err) {
        if (isWrongSecret(err)) {
          audit.append({ action: 'unlock-refused' });
          ctx.announce();
        }
        throw err;
      }
      audit.append({ action: 'unlocked' });
      ctx.announce();
      return { security: state() };
    },

    async setLockPasscode({ passcode, current }) {
      const { lock } = need();
      const had = lock.enabled();
      try {
        await lock.setPasscode(passcode, current);
      } catch (err) {
        if (isWrongSecret(err)) audit.append({ action: 'unlock-refused', detail: { while: 'changing the passcode' } });
        throw err;
      }
      // The settings file says whether the lock is on, for every window; the hash stays apart.
      settings.update({ lock: { ...settings.get().lock, enabled: lock.enabled() } });
      audit.append(passcode === null ? { action: 'passcode-removed' } : { action: 'passcode-set', detail: { changed: had } });
      ctx.announce();
      return { security: state() };
    },

    async recordAudit({ events }) {
      for (const e of events) {
        const { action, ...rest } = e;
        const { documentId, ...detail } = rest as { documentId?: string } & Record<string, string | number | boolean | string[]>;
        audit.append({ action, documentId: documentId ?? null, detail });
      }
      return { count: events.length };
    },

    async listAudit(request) {
      return audit.list(request);
    },

    async deleteAllData() {
      const { vault } = need();
      const ids = engine.jobs().map((j) => j.id);
      engine.remove(ids);
      // Whatever is left of the old database on disk was sealed with the old key: gone with it.
      const grant = await vault.replace();
      audit.append({ action: 'deleted-everything', detail: { jobs: ids.length } });
      seclog.info('everything deleted', { jobs: ids.length });
      // Other windows still hold the old key: the new id tells them to reopen.
      ctx.announce();
      return grant;
    },
  };
}
