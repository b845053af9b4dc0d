import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, type ApiEvent, type Channel } from '../../main/core/api/contract';
import { createAppLock, LOCK_FILE } from '../../main/services/security/app-lock';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { createHostSecurity } from '../../main/services/security/host-security';
import { keyringPath } from '../../main/services/security/keyring-file';
import { createSecurity, type Security } from '../../main/services/security/security';
import { fakeJob } from '../helpers/fake-engine';
import { VALID_PAYLOADS, makeServices, tempDir, type Harness } from '../server/harness';

/**
 * The app lock and the data key as main enforces them: while either is closed, the services
 * refuse every data call in one place (the guard) and hold back record events; the lock's
 * passcode is kept only as a slow salted hash.
 */
const PASSPHRASE = 'correct horse battery staple';
const PASSCODE = '246810';
/** Calls answered whatever the lock says: none of them reveals a record. */
const OPEN_WHILE_LOCKED: Channel[] = ['getSessionInfo', 'getSecurityState', 'lockApp', 'unlockApp', 'removeJobs'];

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

function secured(now: () => number = Date.now): { harness: Harness; security: Security } {
  const dataDir = tempDir('scr-lock-');
  const security = createSecurity(
    createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 }, now }),
    createAppLock({ dataDir, startLocked: false, now, hashParams: { N: 2 ** 12, r: 8, p: 1 } }),
  );
  h = makeServices({ dataDir, security });
  return { harness: h, security };
}

describe('main refuses data calls until the data key is open', () => {
  it('answers only the calls that open it, and the engine is never reached', async () => {
    const { harness } = secured();
    const s = harness.services;
    expect(await s.invoke('getSecurityState', {})).toMatchObject({ ok: true, value: { security: { dataKey: 'not-set-up', keyMethod: 'passphrase', appLocked: false } } });
    for (const channel of CHANNELS.filter((c) => !OPEN_WHILE_LOCKED.includes(c) && c !== 'setUpDataKey' && c !== 'openDataKey')) {
      const out = await s.invoke(channel, VALID_PAYLOADS[channel]);
      expect(out, channel).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    }
    expect(harness.engine.calls).toEqual([]);
    const grant = await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    expect(grant.ok && grant.value.key.byteLength).toBe(32);
    expect(await s.invoke('listJobs', {})).toMatchObject({ ok: true });
  });
});

describe('app lock', () => {
  it('needs a passcode; locked, it refuses every data call and never hands out the key', async () => {
    const { harness } = secured();
    const s = harness.services;
    await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    expect(await s.invoke('lockApp', { reason: 'button' })).toMatchObject({ ok: false, error: { code: 'ERR_UNAVAILABLE' } });
    expect(await s.invoke('setLockPasscode', { passcode: PASSCODE })).toMatchObject({ ok: true, value: { security: { lockEnabled: true } } });
    expect(await s.invoke('lockApp', { reason: 'idle' })).toMatchObject({ ok: true, value: { security: { appLocked: true } } });

    for (const channel of CHANNELS.filter((c) => !OPEN_WHILE_LOCKED.includes(c))) {
      const out = await s.invoke(channel, VALID_PAYLOADS[channel]);
      expect(out, channel).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    }
    expect((await s.invoke('getSessionInfo', {})).ok).toBe(true);

    expect(await s.invoke('unlockApp', { passcode: '000000' })).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET' } });
    expect(await s.invoke('listJobs', {})).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    expect(await s.invoke('unlockApp', { passcode: PASSCODE })).toMatchObject({ ok: true, value: { security: { appLocked: false } } });
    expect(await s.invoke('listJobs', {})).toMatchObject({ ok: true });
    expect((await s.invoke('openDataKey', {})).ok).toBe(true);
  });

  it('holds back job and result events while locked, and tells every window the lock changed', async () => {
    const { harness } = secured();
    const s = harness.services;
    await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await s.invoke('setLockPasscode', { passcode: PASSCODE });
    const seen: ApiEvent[] = [];
    s.subscribe((e) => seen.push(e));
    await s.invoke('lockApp', { reason: 'button' });
    harness.engine.emit({ type: 'job', job: fakeJob('j1', 'Jane Citizen 943 476 5919.pdf', 'complete') });
    harness.engine.emit({ type: 'removed', jobId: 'j1' });
    harness.engine.emit({ type: 'engine', state: { state: 'running', reason: null, message: 'running', nextTryAt: null } });
    expect(seen.map((e) => e.type)).toEqual(['security', 'engine']);
    expect(JSON.stringify(seen)).not.toContain('Jane');
    await s.invoke('unlockApp', { passcode: PASSCODE });
    harness.engine.emit({ type: 'job', job: fakeJob('j2') });
    expect(seen.map((e) => e.type)).toEqual(['security', 'engine', 'security', 'job']);
  });

  it('keeps the passcode only as a salted scrypt hash; changing or removing it needs the current one', async () => {
    const { harness } = secured();
    const s = harness.services;
    await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await s.invoke('setLockPasscode', { passcode: PASSCODE });
    const file = readFileSync(join(harness.dataDir, LOCK_FILE), 'utf8');
    expect(file).not.toContain(PASSCODE);
    expect(JSON.parse(file)).toMatchObject({ passcode: { alg: 'scrypt', salt: expect.any(String), hash: expect.any(String) } });
    expect(harness.settings.get().lock.enabled).toBe(true);

    expect(await s.invoke('setLockPasscode', { passcode: null })).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET' } });
    expect(await s.invoke('setLockPasscode', { passcode: '135791', current: '000000' })).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET' } });
    expect(await s.invoke('setLockPasscode', { passcode: null, current: PASSCODE })).toMatchObject({ ok: true, value: { security: { lockEnabled: false } } });
    expect(harness.settings.get().lock.enabled).toBe(false);
    // Turning the lock on takes a passcode: the setting alone cannot.
    await s.invoke('updateSettings', { settings: { lock: { enabled: true, idleMinutes: 5 } } });
    expect(harness.settings.get().lock).toEqual({ enabled: false, idleMinutes: 5 });
  });

  it('slows down passcode guessing, counted in main whatever the page does', async () => {
    let t = 5_000_000;
    const { harness } = secured(() => t);
    const s = harness.services;
    await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await s.invoke('setLockPasscode', { passcode: PASSCODE });
    await s.invoke('lockApp', { reason: 'button' });
    for (let i = 0; i < 4; i++) await s.invoke('unlockApp', { passcode: '111111' });
    const waiting = await s.invoke('unlockApp', { passcode: PASSCODE });
    expect(waiting).toMatchObject({ ok: false, error: { code: 'ERR_WRONG_SECRET', message: expect.stringMatching(/Wait 2 seconds/) } });
    expect(await s.invoke('getSecurityState', {})).toMatchObject({ ok: true, value: { security: { appLocked: true, waitSeconds: 2 } } });
    t += 2_000;
    expect(await s.invoke('unlockApp', { passcode: PASSCODE })).toMatchObject({ ok: true, value: { security: { appLocked: false } } });
  });

  it('starts locked on the desktop when a passcode is set, and unlocked in web mode', async () => {
    const dataDir = tempDir('scr-lock-');
    await createAppLock({ dataDir, startLocked: false }).setPasscode(PASSCODE);
    const sealed = { method: 'os' as const, seal: (b: Buffer) => b, unseal: (b: Buffer) => b };
    expect(createHostSecurity({ mode: 'desktop', dataDir, kek: sealed }).lock.locked()).toBe(true);
    expect(createHostSecurity({ mode: 'web', dataDir, kek: { method: 'passphrase' } }).lock.locked()).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('delete everything (main’s part)', () => {
  it('forgets every job and replaces the data key, so the old key opens nothing', async () => {
    const { harness, security } = secured();
    const s = harness.services;
    const made = await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await s.invoke('submitDocuments', { docs: [{ id: 'doc-1', name: 'a.pdf', source: { kind: 'bytes', bytes: new Uint8Array([37, 80, 68, 70]) } }] });
    const out = await s.invoke('deleteAllData', { confirm: 'delete everything' });
    expect(out.ok).toBe(true);
    if (!out.ok || !made.ok) return;
    expect(harness.engine.calls.find((c) => c.method === 'remove')?.args[0]).toEqual(['doc-1']);
    expect(out.value.keyId).not.toBe(made.value.keyId);
    expect(Buffer.from(out.value.key).equals(Buffer.from(made.value.key))).toBe(false);
    // A restarted server opens the new key with the same passphrase.
    const reopened = await createDataKeyVault({ path: keyringPath(harness.dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 } }).open(PASSPHRASE);
    expect(reopened.keyId).toBe(out.value.keyId);
    expect(security.vault.state()).toBe('open');
    const audit = await s.invoke('listAudit', {});
    expect(audit.ok && audit.value.events[0]).toMatchObject({ action: 'deleted-everything', detail: { jobs: 1 } });
  });
});
