import { addDocuments, findDuplicate, removeDocuments, setDocumentHash } from '../../db/documents';
import { newId } from '../../lib/ids';
import { sha256Hex } from '../../lib/sha256';
import { useUi } from '../../state/ui';
import { submit } from '../../sync/engine-sync';

/** A file that came inside a folder (picked or dropped), rather than chosen by itself. */
function fromFolder(file: File): boolean {
  const path = (file as File & { path?: string }).path ?? '';
  return file.webkitRelativePath !== '' || path.replace(/^\.?\//, '').includes('/');
}

/**
 * A file chosen by itself is offered to the engine whatever its name: the engine judges
 * the bytes and refuses a non-PDF in plain words. From a folder only *.pdf are taken, so
 * the notes and spreadsheets that share the folder do not fill the inbox with refusals.
 */
function isPdfCandidate(file: File): boolean {
  if (/^(\.|~\$|Thumbs\.db$|desktop\.ini$)/i.test(file.name)) return false;
  return !fromFolder(file) || /\.pdf$/i.test(file.name);
}

/**
 * Stores the files at once so they show in the inbox, then hashes them: a file already here
 * is taken out again and a notice links to the existing record; the rest go to the engine.
 */
export async function addFiles(files: File[], opts: { processAgain?: boolean } = {}): Promise<void> {
  const accepted = files.filter(isPdfCandidate);
  if (accepted.length === 0) return;
  const now = Date.now();
  const docs = accepted.map((file, i) => ({ id: newId('doc'), name: file.name, size: file.size, blob: file as Blob, addedAt: now + i }));
  await addDocuments(docs);

  const toSubmit: string[] = [];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const sha = await sha256Hex(doc.blob);
    const existing = opts.processAgain ? undefined : await findDuplicate(sha, doc.id);
    if (existing) {
      await removeDocuments([doc.id]);
      useUi.getState().addDuplicate({
        key: doc.id,
        fileName: doc.name,
        existingId: existing.id,
        existingName: existing.name,
        file: accepted[i]!,
      });
      continue;
    }
    await setDocumentHash(doc.id, sha);
    toSubmit.push(doc.id);
  }
  await submit(toSubmit, opts);
}
