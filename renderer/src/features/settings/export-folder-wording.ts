import type { ExportFolderStatus } from '../../core';
import { formatTimestamp, plural } from '../../lib/format';

/** What the settings screen says about the export folder's state, in plain words. */
export function exportFolderStateText(s: ExportFolderStatus): string {
  const where = s.path ?? '';
  switch (s.state) {
    case 'off':
      return 'No export folder is set. Approved records are exported only from the Export screen.';
    case 'ready':
      return `Each approval is written to ${where} as a new CSV file.`;
    case 'missing':
      return `The export folder ${where} cannot be found. It may have been moved, renamed or deleted, or its drive is not connected. Records approved meanwhile stay not exported.`;
    case 'not-a-folder':
      return `${where} is a file, not a folder. Choose the export folder again.`;
    case 'not-writable':
      return `SCR Extract is not allowed to write to the export folder ${where}. Check that the account SCR Extract runs as may write there. Records approved meanwhile stay not exported.`;
  }
}

/** The last file written, or null when none has been since the folder was chosen. */
export function exportFolderLastText(s: ExportFolderStatus): string | null {
  if (s.state === 'off' || !s.lastWritten) return null;
  const w = s.lastWritten;
  return `Last file written: ${w.fileName} (${plural(w.count, 'record')}) at ${formatTimestamp(Date.parse(w.at))}.`;
}

/** The last write that failed, until one works again. */
export function exportFolderErrorText(s: ExportFolderStatus): string | null {
  if (s.state === 'off' || !s.lastError) return null;
  return `The last file could not be written (${formatTimestamp(Date.parse(s.lastError.at))}): ${s.lastError.message}`;
}

/** The template chosen for the folder is no longer saved (deleted on the Export screen, or chosen in another browser). */
export function exportFolderTemplateMissingText(name: string): string {
  return `The template “${name}” is no longer saved, so approved records are not written to the folder. Choose another template.`;
}
