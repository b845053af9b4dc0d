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
 * or a cut-off end, shows as a broken chain when the trail is read. head.json sits beside
 * the lines it vouches for, so deleting the tail together with it used to go unseen: the
 * head is also anchored outside the folder (in the data key's keyring, see
 * keyring-anchor.ts), and a trail that has lost an anchored line continues from the
 * anchor, so the gap stays in the chain for good. That makes tampering evident, not
 * impossible: the OS user who runs the app can rewrite the whole folder.
 */
export interface AuditEntry {
  action: AuditAction;
  documentId?: string | null;
  detail?: AuditDetail;
}

/** Which events to list: paging back from `before`, optionally one action and a time range (fromMs inclusive, toMs exclusive). */
export interface AuditQuery {
  before?: number;
  limit?: number;
  action?: AuditAction;
  fromMs?: number;
  toMs?: number;
}

/** The filter for a query's action and time range, or null when it has none (every event). */
export function matchesQuery(q: Pick<AuditQuery, 'action' | 'fromMs' | 'toMs'>): ((e: AuditEvent) => boolean) | null {
  const { action, fromMs, toMs } = q;
  if (action === undefined && fromMs === undefined && toMs === undefined) return null;
  return (e) => {
    if (action !== undefined && e.action !== action) return false;
    const at = Date.parse(e.at);
    if (fromMs !== undefined && !(at >= fromMs)) return false;
    if (toMs !== undefined && !(at < toMs)) return false;
    return true;
  };
}

export interface AuditLog {
  append(entry: AuditEntry): AuditEvent;
  /** Newest first. `intact` is false when the chain does not check out. */
  list(opts?: AuditQuery): { events: AuditEvent[]; total: number; intact: boolean };
}

/** The last line's sequence number and hash. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * A place outside the audit folder that remembers the head. Every head it remembers must
 * be a line of the trail; write failures are its own business (an append never fails
 * because of it).
 */
export interface AuditAnchor {
  read(): AuditHead[];
  write(head: AuditHead): void;
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

export function createAuditLog(opts: { dataDir: string; who: string; now?: () => number; anchor?: AuditAnchor }): AuditLog {
  const dir = join(opts.dataDir, AUDIT_FOLDER);
  const now = opts.now ?? Date.now;
  const anchor = opts.anchor ?? null;
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  function files(): string[] {
    return readdirSync(dir)
      .filter((f) => /^audit-\d{4}-\d{2}\.jsonl$/.test(f))
      .sort();
  }

  /** Every line in order, with whether each links to the one before it. */
  function readChain(): { events: AuditEvent[]; hashes: Map<number, string>; linked: boolean; end: AuditHead | null } {
    const events: AuditEvent[] = [];
    const hashes = new Map<number, string>();
    let linked = true;
    let prev = GENESIS;
    let seq = 0;
    let end: AuditHead | null = null;
    for (const name of files()) {
      for (const raw of readFileSync(join(dir, name), 'utf8').split('\n')) {
        if (!raw) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          linked = false;
          continue;
        }
        const { hash, ...body } = line;
        if (line.prev !== prev || line.seq !== seq + 1 || digest(body) !== hash || !ACTIONS.has(line.action)) linked = false;
        prev = hash;
        seq = line.seq;
        hashes.set(line.seq, hash);
        end = { seq: line.seq, hash };
        const { prev: _p, hash: _h, ...event } = line;
        events.push(event);
      }
    }
    return { events, hashes, linked, end };
  }

  const inChain = (hashes: Map<number, string>, h: AuditHead) => h.seq === 0 || hashes.get(h.seq) === h.hash;

  /**
   * Where the next line goes. Normally after the last line (head.json may lag it by one
   * after a crash). If an anchor names a line the trail no longer has, the trail was cut or
   * rewritten while the app was stopped: continue from that anchor, so the next line cannot
   * link to what is there and the break shows on every read from now on.
   */
  function startingHead(): AuditHead {
    const chain = readChain();
    const stored = readJsonFile(join(dir, HEAD_FILE), HeadSchema);
    const lost = [...(stored ? [stored] : []), ...(anchor?.read() ?? [])].filter((h) => !inChain(chain.hashes, h));
    if (lost.length) return lost.reduce((a, b) => (b.seq > a.seq ? b : a));
    return chain.end ?? { seq: 0, hash: GENESIS };
  }

  let head = startingHead();

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
      try {
        anchor?.write(head);
      } catch {
        // The line and head.json are written; an anchor a step behind still checks out.
      }
      const { prev: _prev, hash: _hash, ...event } = line;
      return event;
    },

    list({ before, limit = 500, action, fromMs, toMs } = {}) {
      const { events, hashes, linked, end } = readChain();
      const stored = readJsonFile(join(dir, HEAD_FILE), HeadSchema);
      const anchored = [...(stored ? [stored] : []), ...(anchor?.read() ?? [])];
      // A cut-off end leaves a chain that checks out on its own: the head and the anchors remember the end.
      const intact =
        linked &&
        (end?.seq ?? 0) === head.seq &&
        (end?.hash ?? GENESIS) === head.hash &&
        anchored.every((h) => inChain(hashes, h));
      const match = matchesQuery({ action, fromMs, toMs });
      const matching = match ? events.filter(match) : events;
      const older = before === undefined ? matching : matching.filter((e) => e.seq < before);
      return { events: older.slice(-limit).reverse(), total: matching.length, intact };
    },
  };
}
