import type { PickedDocument, ResponseOf } from '../../../main/core/api/contract';
import type { BrowserFiles } from './web-client';

/**
 * Web mode's stand-ins for the desktop's native dialogs: the browser's own file chooser
 * and a download. pickDocuments must be called from a click or key handler: browsers
 * open a file chooser only in response to the user.
 */
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

    pickDocuments({ folder }): Promise<ResponseOf<'pickDocuments'>> {
      const input = doc.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.accept = 'application/pdf,.pdf';
      if (folder) input.webkitdirectory = true;
      input.style.display = 'none';
      doc.body.appendChild(input);
      return new Promise<ResponseOf<'pickDocuments'>>((resolve, reject) => {
        const done = () => input.remove();
        input.addEventListener('cancel', () => {
          done();
          resolve({ files: [] });
        });
        input.addEventListener('change', () => {
          const chosen = [...(input.files ?? [])].filter((f) => !folder || /\.pdf$/i.test(f.name));
          Promise.all(chosen.map(async (f): Promise<PickedDocument> => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })))
            .then((files) => resolve({ files }), reject)
            .finally(done);
        });
        input.click();
      });
    },
  };
}
