import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FOLDER } from '../../main/services/audit/audit-log';
import { createAppLock } from '../../main/services/security/app-lock';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { keyringPath, readKeyring } from '../../main/services/security/keyring-file';
import { createSecurity } from '../../main/services/security/security';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * Issue 13, item 9: the end of the audit trail cut off together with head.json while the
 * app was stopped went unseen (the head was rebuilt from the last line left). The head is
 * now anchored in the data key's keyring too; and recordAudit is refused while locked.
 */
const PASSPHRASE = 'correct horse battery staple';
let h: Harness | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await h?.cleanup();
  h = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Web mode's services on a data folder, as the host starts them. */
function start(dataDir: string) {
  const security = createSecurity(
    createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 } }),
    createAppLock({ dataDir, startLocked: false, hashParams: { N: 2 ** 12, r: 8, p: 1 } }),
  );
  return makeServices({ dataDir, security });
}

/** Stops the services but keeps the data folder, as stopping the app does. */
async function stop(harness: Harness): Promise<void> {
  await harness.services.close();
}

function auditLines(dataDir: string): { file: string; lines: string[] }[] {
  const dir = join(dataDir, AUDIT_FOLDER);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({ file: join(dir, f), lines: readFileSync(join(dir, f), 'utf8').trim().split('\n') }));
}

async function trailWithEvents(): Promise<string> {
  const dataDir = tempDir('scr-anchor-');
  dirs.push(dataDir);
  const first = start(dataDir);
  await first.services.invoke('setUpDataKey', { passphrase: PASSPHRASE });
  for (let i = 1; i <= 5; i++) await first.services.invoke('recordAudit', { events: [{ action: 'viewed', documentId: `doc-${i}` }] });
  expect((await first.services.invoke('listAudit', {})).ok && (await first.services.invoke('listAudit', {}))).toMatchObject({ value: { intact: true } });
  await stop(first);
  return dataDir;
}

async function intactAfterRestart(dataDir: string): Promise<boolean> {
  h = start(dataDir);
  await h.services.invoke('openDataKey', { passphrase: PASSPHRASE });
  const out = await h.services.invoke('listAudit', {});
  if (!out.ok) throw new Error(out.error.message);
  return out.value.intact;
}

describe('the audit trail’s end, anchored in the keyring', () => {
  it('deleting the last lines together with head.json while stopped is detected, and stays detected after new lines', async () => {
    const dataDir = await trailWithEvents();
    expect(readKeyring(keyringPath(dataDir, 'web'))?.auditHead?.seq).toBeGreaterThanOrEqual(6);

    // The attack: cut the last two lines and delete head.json, with the app stopped.
    const [{ file, lines }] = auditLines(dataDir) as [{ file: string; lines: string[] }];
    writeFileSync(file, lines.slice(0, -2).join('\n') + '\n');
    rmSync(join(dataDir, AUDIT_FOLDER, 'head.json'));

    // Before the anchor the shortened trail checked out as intact.
    expect(await intactAfterRestart(dataDir)).toBe(false);
    // New events do not paper over the gap: they continue from the anchor, not the cut end.
    await h!.services.invoke('recordAudit', { events: [{ action: 'viewed', documentId: 'doc-after' }] });
    await stop(h!);
    h = null;
    expect(await intactAfterRestart(dataDir)).toBe(false);
  });

  it('a trail rewritten to a shorter chain of its own (head.json forged to match) is detected', async () => {
    const dataDir = await trailWithEvents();
    const [{ file, lines }] = auditLines(dataDir) as [{ file: string; lines: string[] }];
    const kept = lines.slice(0, -2);
    writeFileSync(file, kept.join('\n') + '\n');
    const last = JSON.parse(kept[kept.length - 1]!) as { seq: number; hash: string };
    writeFileSync(join(dataDir, AUDIT_FOLDER, 'head.json'), JSON.stringify({ seq: last.seq, hash: last.hash }));
    expect(await intactAfterRestart(dataDir)).toBe(false);
  });

  it('an untouched trail checks out across restarts, and after delete everything (the anchor moves to the new keyring)', async () => {
    const dataDir = await trailWithEvents();
    expect(await intactAfterRestart(dataDir)).toBe(true);
    expect((await h!.services.invoke('deleteAllData', { confirm: 'delete everything' })).ok).toBe(true);
    await stop(h!);
    h = null;
    expect(readKeyring(keyringPath(dataDir, 'web'))?.auditHead).toBeDefined();
    expect(await intactAfterRestart(dataDir)).toBe(true);
  });

  it('head.json deleted alone (nothing cut) is not a break: the trail is all there', async () => {
    const dataDir = await trailWithEvents();
    rmSync(join(dataDir, AUDIT_FOLDER, 'head.json'));
    expect(await intactAfterRestart(dataDir)).toBe(true);
  });
});

describe('recordAudit while locked', () => {
  it('is refused while the app lock is closed and before the data key is open, and nothing is written', async () => {
    const dataDir = tempDir('scr-anchor-');
    dirs.push(dataDir);
    h = start(dataDir);
    const s = h.services;
    const forged = { events: [{ action: 'approved', documentId: 'doc-forged' }] };
    // Before the data key is open (web mode at its passphrase screen).
    expect(await s.invoke('recordAudit', forged)).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    await s.invoke('setUpDataKey', { passphrase: PASSPHRASE });
    await s.invoke('setLockPasscode', { passcode: '246810' });
    await s.invoke('lockApp', { reason: 'button' });
    // Locked: before the fix this answered { ok: true, value: { count: 1 } }.
    expect(await s.invoke('recordAudit', forged)).toMatchObject({ ok: false, error: { code: 'ERR_LOCKED' } });
    await s.invoke('unlockApp', { passcode: '246810' });
    const audit = await s.invoke('listAudit', {});
    expect(audit.ok && audit.value.events.some((e) => e.documentId === 'doc-forged')).toBe(false);
    expect(await s.invoke('recordAudit', forged)).toMatchObject({ ok: true, value: { count: 1 } });
  });
});
