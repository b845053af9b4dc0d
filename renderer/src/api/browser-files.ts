import type { ResponseOf } from '../../../main/core/api/contract';
import type { BrowserFiles } from './web-client';

/** Web mode's stand-in for the desktop's native save dialog: a download. */
export function createBrowserFiles(doc: Document = document): BrowserFiles {
  return {
    async saveCsv({ suggestedName, content }): Promise<ResponseOf<'saveCsv'>> {
      const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
      const a = doc.createElement('a');
      a.href = url;
      a.download = suggestedName;
      a.rel = 'noopener';
      a.style.display = 'none';
      doc.body.appendChild(a);
      try {
        a.click();
      } finally {
        a.remove();
        // The download has taken its copy once click() returns; free the blob soon after.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
      return { saved: true, fileName: suggestedName };
    },
  };
}
