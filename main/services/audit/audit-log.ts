import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction, type AuditDetail, type AuditEvent } from '../../core/contract/audit';
import { readJsonFile, writeJsonFile } from '../json-file';

/**
 * The audit trail, kept by main as append-only JSON lines in its data folder, one file per
 * month (audit-2025-03.jsonl) so IT can archive old months. Main writes it, not the page:
 * the renderer can add only the events the contract lets it describe, and cannot change
 * or remove a line. Each line carries the SHA-256 of the line before it and its own, and
 * head.json the last sequence number and hash, so an edited, removed or reordered line,
 * or a cut-off end, shows as a broken chain when the trail is read. That makes tampering
 * evident, not impossible: the OS user who runs the app can rewrite the whole folder.
 */
export interface AuditEntry {
  action: AuditAction;
  documentId?: string | null;
  detail?: AuditDetail;
}

export interface AuditLog {
  append(entry: AuditEntry): AuditEvent;
  /** Newest first. `intact` is false when the chain does not check out. */
  list(opts?: { before?: number; limit?: number }): { events: AuditEvent[]; total: number; intact: boolean };
}

export const AUDIT_FOLDER = 'audit';
const HEAD_FILE = 'head.json';
const GENESIS = '0'.repeat(64);
const HeadSchema = z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) });

interface Line extends AuditEvent {
  prev: string;
  hash: string;
}

const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

function digest(body: Omit<Line, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function monthFile(at: string): string {
  return `audit-${at.slice(0, 7)}.jsonl`;
}

export function createAuditLog(opts: { dataDir: string; who: string; now?: () => number }): AuditLog {
  const dir = join(opts.dataDir, AUDIT_FOLDER);
  const now = opts.now ?? Date.now;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let head = readJsonFile(join(dir, HEAD_FILE), HeadSchema) ?? lastLine(dir) ?? { seq: 0, hash: GENESIS };

  function files(): string[] {
    return readdirSync(dir)
      .filter((f) => /^audit-\d{4}-\d{2}\.jsonl$/.test(f))
      .sort();
  }

  function lastLine(folder: string): { seq: number; hash: string } | null {
    const names = readdirSync(folder).filter((f) => /^audit-\d{4}-\d{2}\.jsonl$/.test(f)).sort();
    const newest = names[names.length - 1];
    if (!newest) return null;
    const lines = readFileSync(join(folder, newest), 'utf8').split('\n').filter(Boolean);
    try {
      const last = JSON.parse(lines[lines.length - 1] ?? '') as Line;
      return { seq: last.seq, hash: last.hash };
    } catch {
      return null;
    }
  }

  return {
    append(entry) {
      const body: Omit<Line, 'hash'> = {
        seq: head.seq + 1,
        at: new Date(now()).toISOString(),
        who: opts.who,
        action: entry.action,
        documentId: entry.documentId ?? null,
        detail: entry.detail ?? {},
        prev: head.hash,
      };
      const line: Line = { ...body, hash: digest(body) };
      appendFileSync(join(dir, monthFile(line.at)), JSON.stringify(line) + '\n', { mode: 0o600 });
      head = { seq: line.seq, hash: line.hash };
      writeJsonFile(join(dir, HEAD_FILE), head);
      const { prev: _prev, hash: _hash, ...event } = line;
      return event;
    },

    list({ before, limit = 500 } = {}) {
      const events: AuditEvent[] = [];
      let intact = true;
      let prev = GENESIS;
      let seq = 0;
      for (const name of files()) {
        for (const raw of readFileSync(join(dir, name), 'utf8').split('\n')) {
          if (!raw) continue;
          let line: Line;
          try {
            line = JSON.parse(raw) as Line;
          } catch {
            intact = false;
            continue;
          }
          const { hash, ...body } = line;
          if (line.prev !== prev || line.seq !== seq + 1 || digest(body) !== hash || !ACTIONS.has(line.action)) intact = false;
          prev = hash;
          seq = line.seq;
          const { prev: _p, hash: _h, ...event } = line;
          events.push(event);
        }
      }
      // A cut-off end leaves a chain that checks out on its own: head.json remembers the end.
      if (seq !== head.seq || prev !== head.hash) intact = false;
      const older = before === undefined ? events : events.filter((e) => e.seq < before);
      return { events: older.slice(-limit).reverse(), total: events.length, intact };
    },
  };
}
