import { getApi } from '../../api';
import { DEFAULT_RETENTION } from '../../../../main/core/contract/retention-defaults';
import * as repo from '../../db/repository';

/**
 * Retention runs when the app starts and every hour while it is open: source PDFs go a
 * set time after their record is approved or exported (default 24 hours), records a set
 * number of days after they were added (default 30). It needs no key (it deletes by the
 * clear index fields), so it runs before the passphrase and while the app is locked. The
 * policy is main's settings as last mirrored here. Main forgets the purged jobs too, so
 * their results leave its memory.
 */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

let timer: ReturnType<typeof setInterval> | null = null;

export async function runRetention(now = Date.now()): Promise<{ records: string[]; pdfs: string[] }> {
  const policy = (await repo.getSettingsMirror())?.retention ?? DEFAULT_RETENTION;
  const purged = await repo.purgeExpired(now, policy);
  if (purged.records.length) await getApi().removeJobs({ ids: purged.records }).catch(() => undefined);
  return purged;
}

export function startRetention(): void {
  if (timer) return;
  void runRetention().catch(() => undefined);
  timer = setInterval(() => void runRetention().catch(() => undefined), RETENTION_EVERY_MS);
}
