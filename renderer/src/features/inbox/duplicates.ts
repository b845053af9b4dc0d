import { duplicatesOf, getDocument } from '../../db/documents';
import type { IdentifiedDocument } from '../../db/jobs';
import { useUi, type ProcessAgainSource } from '../../state/ui';
import { onDocumentsIdentified, removeJobs } from '../../sync/engine-sync';

/**
 * "Already here": once main has hashed a new document (its hash comes with its job), a later
 * copy of a document that is already here is taken out again, and a notice links to the
 * existing record with the way to process it again anyway.
 */
/** What each document added in this session came from, until main has hashed it. */
const sources = new Map<string, ProcessAgainSource>();

export function rememberSource(id: string, source: ProcessAgainSource): void {
  sources.set(id, source);
}

/** For "process it again": what it came from, else (after a reload) the copy stored here. */
async function againSource(id: string, name: string): Promise<ProcessAgainSource | null> {
  const source = sources.get(id);
  if (source) return source;
  const stored = await getDocument(id);
  return stored?.blob ? { kind: 'file', file: new File([stored.blob], name, { type: 'application/pdf' }) } : null;
}

async function checkDuplicates(identified: IdentifiedDocument[]): Promise<void> {
  const seen = new Set<string>();
  for (const { sha256 } of identified) {
    if (seen.has(sha256)) continue;
    seen.add(sha256);
    const found = await duplicatesOf(sha256);
    if (!found) continue;
    for (const dup of found.duplicates) {
      const again = await againSource(dup.id, dup.name);
      await removeJobs([dup.id]);
      useUi.getState().addDuplicate({ key: dup.id, fileName: dup.name, existingId: found.original.id, existingName: found.original.name, again });
    }
  }
  for (const { id } of identified) sources.delete(id);
}

onDocumentsIdentified(checkDuplicates);
