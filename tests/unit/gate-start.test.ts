import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, ScrApi } from '../../main/core/api/contract';
import { createAppLock } from '../../main/services/security/app-lock';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { keyringPath } from '../../main/services/security/keyring-file';
import { createSecurity } from '../../main/services/security/security';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * The app's start (features/security/gate.ts): main is asked where the locks stand and for
 * the data key at once, not one after the other, and main stays the authority. The early
 * key is used only where the answer about the locks leads to it; refused, it leaves nothing
 * behind (no audit line, no second try where main said no). Each test is a fresh page: its
 * own copy of the renderer's modules, against real main services.
 */
const PASSPHRASE = 'correct horse battery staple';
const PASSCODE = '246810';

let h: Harness | null = null;
let page: Awaited<ReturnType<typeof loadPage>> | null = null;

afterEach(async () => {
  await page?.db().delete({ disableAutoOpen: false });
  page = null;
  await h?.cleanup();
  h = null;
  delete (globalThis as { window?: unknown }).window;
});

/** Main, set up as web mode is (a passphrase, from an earlier run), with its key open or not and the app locked or not. */
async function mainWith(opts: { keyOpen: boolean; locked?: boolean }): Promise<Harness> {
  const dataDir = tempDir('scr-gate-');
  const kek = { method: 'passphrase' as const, iterations: 100_000 };
  await createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek }).setUp(PASSPHRASE);
  const vault = createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek });
  if (opts.keyOpen) await vault.open(PASSPHRASE);
  h = makeServices({ dataDir, security: createSecurity(vault, createAppLock({ dataDir, startLocked: false, hashParams: { N: 2 ** 12, r: 8, p: 1 } })) });
  if (opts.locked) {
    await h.services.invoke('setLockPasscode', { passcode: PASSCODE });
    await h.services.invoke('lockApp', { reason: 'button' });
  }
  return h;
}

/**
 * The page's bridge to main, as preload gives it: each call goes through main's dispatch
 * (its lock guard included). Records the calls in the order they were made, and holds each
 * channel's answers until that channel is released, so that what was asked before any
 * answer came can be seen, and the answers can come in either order.
 */
function bridgeTo(harness: Harness) {
  const calls: Channel[] = [];
  const gates = new Map<Channel, { open: Promise<void>; release(): void }>();
  const gate = (channel: Channel) => {
    let entry = gates.get(channel);
    if (!entry) {
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      entry = { open, release };
      gates.set(channel, entry);
    }
    return entry;
  };
  const bridge = {} as Record<Channel, (p: unknown) => Promise<unknown>>;
  for (const channel of Object.keys(harness.services.handlers) as Channel[]) {
    bridge[channel] = async (payload) => {
      calls.push(channel);
      await gate(channel).open;
      const out = await harness.services.invoke(channel, payload);
      if (out.ok) return out.value;
      throw out.error;
    };
  }
  (globalThis as { window?: unknown }).window = { scrApi: { ...bridge, onEvent: () => () => undefined } as unknown as ScrApi };
  const CHANNELS = Object.keys(harness.services.handlers) as Channel[];
  return {
    calls,
    release: (...channels: Channel[]) => (channels.length ? channels : CHANNELS).forEach((c) => gate(c).release()),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

async function loadPage() {
  vi.resetModules();
  const gate = await import('../../renderer/src/features/security/gate');
  const { useSecurity } = await import('../../renderer/src/state/security');
  const { isUnlocked } = await import('../../renderer/src/db/codec');
  const { db } = await import('../../renderer/src/db/database');
  const questions = await import('../../renderer/src/features/security/start-questions');
  return { gate, useSecurity, isUnlocked, db, questions };
}

async function audited(harness: Harness): Promise<string[]> {
  return harness.services.invoke('listAudit', {}).then((out) => (out.ok ? out.value.events.map((e) => e.action) : []));
}

describe('the start asks main two questions at once', () => {
  it('asks where the locks stand and for the key before either answer, and opens with that key', async () => {
    const bridge = bridgeTo(await mainWith({ keyOpen: true }));
    page = await loadPage();
    const started = page.gate.startGate();
    await tick();
    // Both asked at once, before main answered anything.
    expect(bridge.calls.filter((c) => c !== 'getSessionInfo')).toEqual(['getSecurityState', 'openDataKey']);
    bridge.release();
    await started;
    expect(page.useSecurity.getState().phase).toBe('open');
    expect(page.isUnlocked()).toBe(true);
    expect(bridge.calls.filter((c) => c === 'openDataKey')).toHaveLength(1);
  });

  it('takes the answers asked as the first script began, without asking again', async () => {
    const bridge = bridgeTo(await mainWith({ keyOpen: true }));
    page = await loadPage();
    page.questions.askMainAtStart();
    await tick();
    expect(bridge.calls).toEqual(['getSecurityState', 'openDataKey']);
    const started = page.gate.startGate();
    bridge.release();
    await started;
    expect(page.useSecurity.getState().phase).toBe('open');
    expect(bridge.calls.filter((c) => c !== 'getSessionInfo')).toEqual(['getSecurityState', 'openDataKey']);
  });

  it('waiting for the passphrase: the early key is refused, nothing is audited, and the passphrase screen shows', async () => {
    const harness = await mainWith({ keyOpen: false });
    const bridge = bridgeTo(harness);
    page = await loadPage();
    const before = await audited(harness).catch(() => []);
    const started = page.gate.startGate();
    bridge.release();
    await started;
    expect(page.useSecurity.getState().phase).toBe('enter-passphrase');
    expect(page.isUnlocked()).toBe(false);
    expect(bridge.calls.filter((c) => c === 'openDataKey')).toHaveLength(1);
    // The passphrase opens it as before; the refused early call left no line in the trail.
    await page.gate.enterPassphrase(PASSPHRASE);
    expect(page.useSecurity.getState().phase).toBe('open');
    const after = await audited(harness);
    expect(after.filter((a) => a === 'data-key-refused')).toHaveLength(before.filter((a) => a === 'data-key-refused').length);
  });

  it('app locked: main refuses the early key; the lock screen shows and the key is not asked for again', async () => {
    const bridge = bridgeTo(await mainWith({ keyOpen: true, locked: true }));
    page = await loadPage();
    const started = page.gate.startGate();
    bridge.release();
    await started;
    expect(page.useSecurity.getState().phase).toBe('locked');
    expect(page.isUnlocked()).toBe(false);
    expect(bridge.calls.filter((c) => c === 'openDataKey')).toHaveLength(1);
  });

  it('asks for the key again where the early one was refused but main then says it is open', async () => {
    const harness = await mainWith({ keyOpen: false });
    const bridge = bridgeTo(harness);
    page = await loadPage();
    const started = page.gate.startGate();
    // The early key is refused (the passphrase not typed yet); then another tab opens the
    // key, and only then does main answer where the locks stand: open.
    bridge.release('openDataKey');
    await tick();
    await harness.services.invoke('openDataKey', { passphrase: PASSPHRASE });
    bridge.release();
    await started;
    expect(page.useSecurity.getState().phase).toBe('open');
    expect(bridge.calls.filter((c) => c === 'openDataKey')).toHaveLength(2);
  });

  it("shows the app once the opening screen's preparation is done, and not later than its time limit", async () => {
    const bridge = bridgeTo(await mainWith({ keyOpen: true }));
    page = await loadPage();
    const order: string[] = [];
    page.gate.prepareFirstScreen(async () => {
      // Done with the key in hand, before the screens show.
      order.push(`prepared, unlocked ${page!.isUnlocked()}, phase ${page!.useSecurity.getState().phase}`);
    });
    const started = page.gate.startGate();
    bridge.release();
    await started;
    expect(order).toEqual(['prepared, unlocked true, phase starting']);
    expect(page.useSecurity.getState().phase).toBe('open');

    // A preparation that never ends does not hold the app closed.
    page.db().close();
    const again = bridgeTo(h!);
    page = await loadPage();
    page.gate.prepareFirstScreen(() => new Promise(() => undefined));
    const t0 = Date.now();
    const slow = page.gate.startGate();
    again.release();
    await slow;
    expect(page.useSecurity.getState().phase).toBe('open');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
