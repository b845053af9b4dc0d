import { afterEach, describe, expect, it } from 'vitest';
import { createAppLock } from '../../main/services/security/app-lock';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { keyringPath } from '../../main/services/security/keyring-file';
import { createSecurity } from '../../main/services/security/security';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * Issue 13, item 7 and the first of item 9, re-run against the real handlers: guesses sent
 * all at once used to pass the limiter's check together (it counted a failure only after
 * the slow key derivation), so 39 wrong passphrases and the right one were all tried. Now
 * an attempt is counted before deriving and only one is checked at a time.
 */
const PASSPHRASE = 'correct horse battery staple';
const PASSCODE = '246810';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

function secured() {
  const dataDir = tempDir('scr-guess-');
  const security = createSecurity(
    createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 } }),
    createAppLock({ dataDir, startLocked: false, hashParams: { N: 2 ** 12, r: 8, p: 1 } }),
  );
  h = makeServices({ dataDir, security });
  return { services: h.services, security, dataDir };
}

/** The same host restarted: the keyring and the passcode file are kept, nothing is open. */
function restarted(dataDir: string) {
  const security = createSecurity(
    createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 } }),
    createAppLock({ dataDir, startLocked: true, hashParams: { N: 2 ** 12, r: 8, p: 1 } }),
  );
  h = makeServices({ dataDir, security });
  return { services: h.services, security };
}

const wrongGuesses = (n: number) => Array.from({ length: n }, (_, i) => `wrong guess number ${i}`);

describe('guesses sent in parallel', () => {
  it('39 wrong passphrases and the right one at once: one is checked, the rest refused, the right one among them', async () => {
    const first = secured();
    expect((await first.services.invoke('setUpDataKey', { passphrase: PASSPHRASE })).ok).toBe(true);
    await h!.services.close();
    h = null;
    const { services, security } = restarted(first.dataDir);
    expect(security.vault.state()).toBe('locked');

    const guesses = [...wrongGuesses(39), PASSPHRASE];
    const outcomes = await Promise.all(guesses.map((passphrase) => services.invoke('openDataKey', { passphrase })));

    // Before the fix the last one opened the key.
    expect(outcomes.filter((o) => o.ok)).toEqual([]);
    expect(security.vault.state()).toBe('locked');
    const messages = outcomes.map((o) => (o.ok ? 'opened' : o.error.message));
    expect(messages.filter((m) => m === 'That passphrase is not right.')).toHaveLength(1);
    expect(messages.filter((m) => /Another attempt is being checked/.test(m))).toHaveLength(39);
    // The one that was checked counted: after three more the limiter makes guessers wait.
    for (const passphrase of wrongGuesses(3)) {
      expect(await services.invoke('openDataKey', { passphrase })).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET' } });
    }
    expect(security.vault.waitSeconds()).toBeGreaterThan(0);
  });

  it('a burst of passcodes against unlockApp: one is checked, so the right one sent with 39 wrong ones stays locked', async () => {
    const { services, security } = secured();
    await services.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    expect((await services.invoke('setLockPasscode', { passcode: PASSCODE })).ok).toBe(true);
    expect((await services.invoke('lockApp', { reason: 'button' })).ok).toBe(true);

    const guesses = [...wrongGuesses(39).map((_, i) => String(100000 + i)), PASSCODE];
    const outcomes = await Promise.all(guesses.map((passcode) => services.invoke('unlockApp', { passcode })));

    expect(security.lock.locked()).toBe(true);
    expect(outcomes.filter((o) => o.ok)).toEqual([]);
    const messages = outcomes.map((o) => (o.ok ? 'unlocked' : o.error.message));
    expect(messages.filter((m) => m === 'That passcode is not right.')).toHaveLength(1);
    expect(messages.filter((m) => /Another attempt is being checked/.test(m))).toHaveLength(39);
    // One at a time, the right passcode still opens it.
    expect((await services.invoke('unlockApp', { passcode: PASSCODE })).ok).toBe(true);
  });

  it('changing the passcode shares the same limiter: parallel guesses at the current passcode are refused too', async () => {
    const { services } = secured();
    await services.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await services.invoke('setLockPasscode', { passcode: PASSCODE });
    const outcomes = await Promise.all(
      [...wrongGuesses(9).map((_, i) => String(200000 + i)), PASSCODE].map((current) =>
        services.invoke('setLockPasscode', { passcode: '13579246', current }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toEqual([]);
    expect((await services.invoke('unlockApp', { passcode: PASSCODE })).ok).toBe(true);
  });
});

describe('a passphrase sent while the data key is already open', () => {
  it('must be right: a wrong one is refused and never returns the key', async () => {
    const { services, security } = secured();
    await services.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    expect(security.vault.state()).toBe('open');

    const wrong = await services.invoke('openDataKey', { passphrase: 'not the passphrase at all' });
    // Before the fix this answered { ok: true, value: { key } }.
    expect(wrong).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET' } });
    expect(JSON.stringify(wrong)).not.toMatch(/"key"/);
    // Counted like any other guess.
    for (const passphrase of wrongGuesses(3)) await services.invoke('openDataKey', { passphrase });
    expect(security.vault.waitSeconds()).toBeGreaterThan(0);

    // A page that asks without a passphrase (a reload, another tab) still gets the open key.
    const reload = await services.invoke('openDataKey', {});
    expect(reload.ok && reload.value.key.byteLength).toBe(32);
  });

  it('the right passphrase while open returns the key', async () => {
    const { services } = secured();
    const made = await services.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    const again = await services.invoke('openDataKey', { passphrase: PASSPHRASE });
    expect(made.ok && again.ok && Buffer.from(again.value.key).equals(Buffer.from(made.value.key))).toBe(true);
  });
});
