import type { PickedDocument } from '../../../../main/core/api/contract';
import { getApi } from '../../api';
import { addDocuments, storePdf, type NewDocument } from '../../db/documents';
import { newId } from '../../lib/ids';
import { submitDocuments, type SubmitEntry } from '../../sync/engine-sync';
import { rememberSource } from './duplicates';

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

export interface AddOptions {
  /** Staff asked for it although the same document is already here. */
  processAgain?: boolean;
}

function newDocuments<T extends { name: string; size: number }>(items: T[], blob: (item: T) => Blob | null, opts: AddOptions): NewDocument[] {
  const now = Date.now();
  return items.map((item, i) => ({
    id: newId('doc'),
    name: item.name,
    size: item.size,
    blob: blob(item),
    addedAt: now + i,
    ...(opts.processAgain && { processAgain: true }),
  }));
}

/**
 * Dropped files (or chosen in a browser): stored at once (sealed) so they show in the inbox,
 * then each file's bytes, already in hand, go to main. Main hashes them; a document already
 * here is taken out again when the hash comes back (duplicates.ts).
 */
export async function addFiles(files: File[], opts: AddOptions = {}): Promise<void> {
  const accepted = files.filter(isPdfCandidate);
  if (accepted.length === 0) return;
  const docs = newDocuments(accepted, (file) => file, opts);
  await addDocuments(docs);
  const entries: SubmitEntry[] = [];
  for (const [i, doc] of docs.entries()) {
    const file = accepted[i]!;
    rememberSource(doc.id, { kind: 'file', file });
    entries.push({ id: doc.id, name: doc.name, source: { kind: 'bytes', bytes: new Uint8Array(await file.arrayBuffer()) }, ...(opts.processAgain && { processAgain: true }) });
  }
  await submitDocuments(entries);
}

/**
 * Files chosen in the desktop's dialog: main knows their paths and reads each one when the
 * engine takes it up, so nothing is sent to main. Then each file's copy comes over once, to
 * be kept (sealed) beside its record.
 */
export async function addPicked(files: PickedDocument[], opts: AddOptions = {}): Promise<void> {
  if (files.length === 0) return;
  const docs = newDocuments(files, () => null, opts);
  await addDocuments(docs);
  docs.forEach((doc, i) => rememberSource(doc.id, { kind: 'picked', file: files[i]! }));
  await submitDocuments(
    docs.map((doc, i) => ({ id: doc.id, name: doc.name, source: { kind: 'picked', pickId: files[i]!.pickId }, ...(opts.processAgain && { processAgain: true }) })),
  );
  for (const [i, doc] of docs.entries()) {
    try {
      const { bytes } = await getApi().readPickedDocument({ pickId: files[i]!.pickId });
      await storePdf(doc.id, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
    } catch {
      // Moved, unreadable or over the size limit: the engine says so on the job; the record,
      // if one is read, is kept without its PDF.
    }
  }
}

/** The desktop's native dialog: files, or every PDF in a folder. Returns how many were left out. */
export async function pickNative(folder: boolean): Promise<number> {
  const { files, leftOut } = await getApi().pickDocuments({ folder });
  await addPicked(files);
  return leftOut;
}
