import type { JobStep } from '../core';

export const STEP_LABEL: Record<JobStep, string> = {
  validating: 'Checking the file',
  reading: 'Reading the text',
  classifying: 'Checking it is a patient summary',
  extracting: 'Taking out the details',
  verifying: 'Checking the details',
  finalizing: 'Finishing',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** "about 2 minutes", "less than a minute": an ETA in words, rounded as people say it. */
export function formatEta(seconds: number): string {
  if (seconds < 45) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const UK_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** '1985-10-18' → '18 Oct 1985' (the NHS style for dates people read). */
export function formatIsoDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return UK_DATE.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function formatTimestamp(ms: number): string {
  return UK_DATE_TIME.format(new Date(ms));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
