import { keyringPath, readKeyring, writeKeyring } from '../security/keyring-file';
import type { AuditAnchor, AuditHead } from './audit-log';

/**
 * The audit trail's head, kept in the data key's keyring as well as in audit/head.json.
 * The keyring cannot be deleted with the audit files without losing every record (it holds
 * the only wrapped copy of the data key), so cutting off the trail's end and its head file
 * while the app is stopped leaves the keyring naming a line that is gone. Each host writes
 * its own keyring; both are read, since the desktop app and web mode share one trail.
 * Before the data key is set up there is no keyring, and so no anchor.
 */
export function createKeyringAnchor(dataDir: string, mode: 'desktop' | 'web'): AuditAnchor {
  const own = keyringPath(dataDir, mode);
  const all = [keyringPath(dataDir, 'desktop'), keyringPath(dataDir, 'web')];
  return {
    read(): AuditHead[] {
      return all.flatMap((path) => {
        const head = readKeyring(path)?.auditHead;
        return head ? [head] : [];
      });
    },
    write(head) {
      const ring = readKeyring(own);
      if (ring) writeKeyring(own, { ...ring, auditHead: { seq: head.seq, hash: head.hash } });
    },
  };
}
