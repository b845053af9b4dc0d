import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FOLDER, createAuditLog } from '../../main/services/audit/audit-log';
import { createAppLock } from '../../main/services/security/app-lock';
import { createDataKeyVault } from '../../main/services/security/data-key-vault';
import { keyringPath } from '../../main/services/security/keyring-file';
import { createSecurity } from '../../main/services/security/security';
import { fakeJob } from '../helpers/fake-engine';
import { makeServices, tempDir, type Harness } from '../server/harness';

/**
 * The audit trail: main writes it, stamps each event with the time and the OS user,
 * takes from the page only events that have nowhere to put a value, and shows when a
 * line was changed, removed or cut off.
 */
let h: Harness | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await h?.cleanup();
  h = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = tempDir('scr-audit-');
  dirs.push(dir);
  return dir;
}

function auditFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, AUDIT_FOLDER)).filter((f) => f.endsWith('.jsonl')).map((f) => join(dataDir, AUDIT_FOLDER, f));
}

function allLines(dataDir: string): string {
  return auditFiles(dataDir).map((f) => readFileSync(f, 'utf8')).join('');
}

describe('audit trail', () => {
  it('records what happens in main and what the page reports, each with the time and the OS user', async () => {
    const dataDir = tempDir('scr-audit-');
    const security = createSecurity(
      createDataKeyVault({ path: keyringPath(dataDir, 'web'), kek: { method: 'passphrase', iterations: 100_000 } }),
      createAppLock({ dataDir, startLocked: false, hashParams: { N: 2 ** 12, r: 8, p: 1 } }),
    );
    h = makeServices({ dataDir, security });
    const s = h.services;
    await s.invoke('setUpDataKey', { passphrase: 'correct horse battery staple' });
    await s.invoke('submitDocuments', { docs: [{ id: 'doc-1', name: 'Jane Citizen 9434765919.pdf', source: { kind: 'bytes', bytes: new Uint8Array([37, 80, 68, 70]) } }] });
    h.engine.emit({ type: 'job', job: { ...fakeJob('doc-1', 'Jane Citizen 9434765919.pdf', 'complete'), extractor: 'rules' } });
    h.engine.emit({ type: 'job', job: { ...fakeJob('doc-1', 'Jane Citizen 9434765919.pdf', 'complete'), extractor: 'rules' } });
    h.engine.emit({ type: 'job', job: { ...fakeJob('doc-2', 'x.pdf', 'failed'), error: { code: 'ERR_PDF_CORRUPT', message: 'Jane Citizen', retryable: false } } });
    // A key is saved for a chosen service.
    await s.invoke('updateSettings', { settings: { provider: { kind: 'openai', model: 'gpt-4o-mini' } } });
    await s.invoke('updateSettings', { settings: { maxPages: 50 } });
    await s.invoke('setProviderKey', { key: 'sk-audit-test' });
    await s.invoke('clearProviderKey', {});
    await s.invoke('setLockPasscode', { passcode: '246810' });
    await s.invoke('lockApp', { reason: 'idle' });
    await s.invoke('unlockApp', { passcode: '999999' });
    await s.invoke('unlockApp', { passcode: '246810' });
    const reported = await s.invoke('recordAudit', {
      events: [
        { action: 'viewed', documentId: 'doc-1' },
        { action: 'edited', documentId: 'doc-1', field: 'patient.familyName', change: 'set' },
        { action: 'approved', documentId: 'doc-1' },
        { action: 'exported', count: 1, template: 'Patients', fileName: 'scr-export.csv', scope: 'approved' },
        { action: 'purged', what: 'pdf', reason: 'retention', documentIds: ['doc-1'] },
      ],
    });
    expect(reported).toEqual({ ok: true, value: { count: 5 } });

    const listed = await s.invoke('listAudit', {});
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    const { events, intact, total } = listed.value;
    expect(intact).toBe(true);
    expect(events.map((e) => e.action).reverse()).toEqual([
      'data-key-created',
      'submitted',
      'completed',
      'failed',
      'settings-changed',
      'settings-changed',
      'key-set',
      'key-cleared',
      'passcode-set',
      'locked',
      'unlock-refused',
      'unlocked',
      'viewed',
      'edited',
      'approved',
      'exported',
      'purged',
    ]);
    expect(total).toBe(events.length);
    for (const e of events) {
      expect(e.who).toBe('tester');
      expect(Date.parse(e.at)).not.toBeNaN();
    }
    expect(events.find((e) => e.action === 'failed')).toMatchObject({ documentId: 'doc-2', detail: { code: 'ERR_PDF_CORRUPT' } });
    expect(events.find((e) => e.action === 'edited')).toMatchObject({ documentId: 'doc-1', detail: { field: 'patient.familyName', change: 'set' } });
    expect(events.find((e) => e.action === 'exported')).toMatchObject({ detail: { count: 1, template: 'Patients', fileName: 'scr-export.csv' } });
    expect(events.find((e) => e.action === 'settings-changed')).toMatchObject({ detail: { keys: ['maxPages'] } });
    // Ids, names of fields and files: never the document's name, a value or a secret.
    const file = allLines(dataDir);
    for (const leak of ['Jane', 'Citizen', '9434765919', 'sk-audit-test', '246810', '999999']) expect(file).not.toContain(leak);
  });

  it('refuses a page-reported event that carries anything but ids, field names, counts and file names', async () => {
    h = makeServices();
    const s = h.services;
    for (const event of [
      { action: 'edited', documentId: 'doc-1', field: 'patient.familyName', change: 'set', newValue: 'Okafor' },
      { action: 'edited', documentId: 'doc-1', field: 'Okafor', change: 'set' },
      { action: 'viewed', documentId: 'Olivia Okafor' },
      { action: 'completed', documentId: 'doc-1' },
      { action: 'exported', count: 1, template: 'T', fileName: 'a\nforged line', scope: 'all' },
    ]) {
      expect(await s.invoke('recordAudit', { events: [event] }), JSON.stringify(event)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_REQUEST' } });
    }
    expect(allLines(h.dataDir)).not.toContain('Okafor');
  });

  it('shows a changed, a removed or a cut-off line as a broken chain', () => {
    const check = (damage: (file: string) => void): boolean => {
      const dataDir = scratch();
      const log = createAuditLog({ dataDir, who: 'tester' });
      for (let i = 1; i <= 4; i++) log.append({ action: 'viewed', documentId: `doc-${i}` });
      expect(log.list().intact).toBe(true);
      damage(auditFiles(dataDir)[0]!);
      return createAuditLog({ dataDir, who: 'tester' }).list().intact;
    };
    const rewrite = (f: string, edit: (lines: string[]) => string[]) =>
      writeFileSync(f, edit(readFileSync(f, 'utf8').trim().split('\n')).join('\n') + '\n');
    expect(check(() => undefined)).toBe(true);
    expect(check((f) => rewrite(f, (l) => l.map((x) => x.replace('doc-2', 'doc-9'))))).toBe(false);
    expect(check((f) => rewrite(f, (l) => l.filter((_, i) => i !== 1)))).toBe(false);
    expect(check((f) => rewrite(f, (l) => l.slice(0, 3)))).toBe(false);
    expect(check((f) => rewrite(f, (l) => [l[1]!, l[0]!, ...l.slice(2)]))).toBe(false);
    expect(check((f) => appendFileSync(f, '{"seq":5}\n'))).toBe(false);
  });

  it('pages back through the trail, newest first', () => {
    const dataDir = scratch();
    let t = Date.parse('2025-01-31T23:57:00Z');
    const log = createAuditLog({ dataDir, who: 'tester', now: () => (t += 60_000) });
    for (let i = 1; i <= 5; i++) log.append({ action: 'viewed', documentId: `doc-${i}` });
    // A new month starts a new file; the chain runs on across them.
    expect(auditFiles(dataDir).map((f) => f.split('/').pop())).toEqual(['audit-2025-01.jsonl', 'audit-2025-02.jsonl']);
    const first = log.list({ limit: 2 });
    expect(first.events.map((e) => e.seq)).toEqual([5, 4]);
    expect(log.list({ before: 4, limit: 10 }).events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(first.intact).toBe(true);
  });
  it('lists one action, and a time range, paging back within the matches, with their total', () => {
    const dataDir = scratch();
    let t = Date.parse('2025-03-01T09:00:00Z');
    const log = createAuditLog({ dataDir, who: 'tester', now: () => (t += 3_600_000) });
    // 10:00 … 19:00: viewed, approved, viewed, approved…
    for (let i = 1; i <= 10; i++) log.append({ action: i % 2 ? 'viewed' : 'approved', documentId: `doc-${i}` });
    const approved = log.list({ action: 'approved', limit: 2 });
    expect(approved.events.map((e) => e.seq)).toEqual([10, 8]);
    expect(approved.total).toBe(5);
    expect(log.list({ action: 'approved', before: 8, limit: 10 }).events.map((e) => e.seq)).toEqual([6, 4, 2]);
    // From 12:00 (inclusive) to 15:00 (exclusive): seq 3, 4, 5.
    const range = log.list({ fromMs: Date.parse('2025-03-01T12:00:00Z'), toMs: Date.parse('2025-03-01T15:00:00Z') });
    expect(range.events.map((e) => e.seq)).toEqual([5, 4, 3]);
    expect(range.total).toBe(3);
    expect(log.list({ action: 'viewed', fromMs: Date.parse('2025-03-01T12:00:00Z'), toMs: Date.parse('2025-03-01T15:00:00Z') }).events.map((e) => e.seq)).toEqual([5, 3]);
    // No filter: every event, as before.
    expect(log.list().total).toBe(10);
  });
});
