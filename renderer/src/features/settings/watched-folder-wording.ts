import type { WatchStatus } from '../../core';

/** What the settings screen says about the watched folder, in plain words. */
export function watchStatusText(s: WatchStatus): string {
  const where = s.path ?? '';
  switch (s.state) {
    case 'off':
      return 'No folder is watched.';
    case 'watching': {
      const parts = [`Watching ${where}. PDFs saved there are added to the inbox, each once. SCR Extract never moves, changes or deletes them.`];
      if (s.settling > 0) parts.push(`${s.settling} ${s.settling === 1 ? 'file is' : 'files are'} still being saved.`);
      if (s.waiting > 0) parts.push(`${s.waiting} ${s.waiting === 1 ? 'file is' : 'files are'} waiting to be added.`);
      return parts.join(' ');
    }
    case 'missing':
      return `The watched folder ${where} cannot be found. It may have been moved, renamed or deleted, or its drive is not connected. SCR Extract keeps checking and carries on when it is back.`;
    case 'not-a-folder':
      return `${where} is a file, not a folder. Choose the folder to watch again.`;
    case 'unreadable':
      return `SCR Extract cannot open the watched folder ${where}. Check that the account SCR Extract runs as is allowed to read it.`;
  }
}
