import { randomBytes } from 'node:crypto';

/**
 * The name of a file written into the export folder: when it was written (the machine's
 * local time, as staff read it) and a random id, e.g. scr-approved-20250314-093005-3f9a1c2e.csv.
 * Never a patient's name or NHS number: file names show in folder listings, backups and the
 * practice system's logs. Names sort in the order the files were written.
 */
export function exportFileName(at: Date, id = randomBytes(4).toString('hex')): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}`;
  const time = `${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `scr-approved-${day}-${time}-${id}.csv`;
}

export const EXPORT_FILE_NAME = /^scr-approved-\d{8}-\d{6}-[0-9a-f]{8}\.csv$/;
