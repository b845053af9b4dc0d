import { DataLockedError, type RowCodec } from '../codec';
import type {
  DocumentInfo,
  DocumentRow,
  EditRow,
  EvidenceRow,
  JobRow,
  RecordRow,
  StoredDocument,
  StoredSummary,
  SummaryRow,
} from '../rows';
import { openBlob, openJson, sealBlob, sealJson, sealedValueKey, sealTag, type SealedBox } from './row-cipher';

/**
 * The codec with the data key: each row's patient data sealed with AES-GCM (row-cipher.ts).
 *
 * Lists (the review list's rows, the inbox's file names) are opened once and kept in
 * memory, keyed by each row's IV: a row that has not been rewritten is not decrypted
 * again, so a list of 10,000 stays as quick to refresh as before. Searching by name or
 * NHS number runs over these opened rows. That was chosen over a blind index (an HMAC
 * of each name kept beside the row) because the list shows the names anyway, the search
 * matches any part of a name, which an index of whole words cannot, and an index would
 * reveal which records share a surname to anyone holding the files. The kept rows are
 * dropped when the app locks (forget()).
 *
 * Rows written before encryption (v1/v2, no `sealed`) are read as they are until
 * seal-legacy.ts has sealed them.
 */
/** Rows opened at once: enough to keep WebCrypto's threads busy, few enough to yield often. */
const OPEN_CHUNK = 512;

type Legacy<T> = T & { sealed?: undefined };

const isSealed = (row: object): row is { sealed: SealedBox } => 'sealed' in row && (row as { sealed?: unknown }).sealed !== undefined;

export function createSealedCodec(key: CryptoKey): RowCodec {
  const summaries = new Map<string, { tag: string; row: SummaryRow }>();
  const jobNames = new Map<string, { tag: string; name: string }>();
  const openingSummaries = new Map<string, Promise<SummaryRow>>();
  let forgotten = false;

  async function openDocumentInfo(row: StoredDocument): Promise<DocumentInfo> {
    if (!isSealed(row)) {
      const { blob, ...rest } = row as unknown as Legacy<DocumentRow>;
      return { ...rest, hasPdf: blob !== null };
    }
    const { name } = await openJson<{ name: string }>(key, 'documents', row.id, row.sealed);
    const { sealed: _s, blob, ...rest } = row;
    return { ...rest, name, hasPdf: blob !== null };
  }

  return {
    async sealDocument(row) {
      const { name, blob, ...rest } = row;
      const [sealed, sealedBlob] = await Promise.all([
        sealJson(key, 'documents', row.id, { name }),
        blob ? sealBlob(key, 'documents', row.id, blob) : Promise.resolve(null),
      ]);
      return { ...rest, sealed, blob: sealedBlob };
    },
    async openDocument(row) {
      if (!isSealed(row)) return row as unknown as DocumentRow;
      const info = await openDocumentInfo(row);
      const { hasPdf: _h, ...rest } = info;
      return { ...rest, blob: row.blob ? await openBlob(key, 'documents', row.id, row.blob, 'application/pdf') : null };
    },
    openDocumentInfo,

    async sealJob(row) {
      const { name, ...rest } = row;
      return { ...rest, sealed: await sealJson(key, 'jobs', row.id, { name }) };
    },
    async openJobs(rows) {
      const out: JobRow[] = [];
      for (const row of rows) {
        if (!isSealed(row)) {
          out.push(row as unknown as JobRow);
          continue;
        }
        const tag = sealTag(row.sealed);
        let kept = jobNames.get(row.id);
        if (kept?.tag !== tag) {
          kept = { tag, name: (await openJson<{ name: string }>(key, 'jobs', row.id, row.sealed)).name };
          jobNames.set(row.id, kept);
        }
        const { sealed: _s, ...rest } = row;
        out.push({ ...rest, name: kept.name });
      }
      return out;
    },

    async sealRecord(row) {
      const { record, extractor, layout, approvedBy, ...rest } = row;
      return { ...rest, sealed: await sealJson(key, 'records', row.id, { record, extractor, layout, approvedBy }) };
    },
    async openRecord(row) {
      if (!isSealed(row)) return row as unknown as RecordRow;
      const open = await openJson<Pick<RecordRow, 'record' | 'extractor' | 'layout' | 'approvedBy'>>(key, 'records', row.id, row.sealed);
      const { sealed: _s, ...rest } = row;
      return { ...rest, ...open };
    },

    async sealEvidence(row) {
      const { id, ...rest } = row;
      return { id, sealed: await sealJson(key, 'evidence', id, rest) };
    },
    async openEvidence(row) {
      if (!isSealed(row)) return row as unknown as EvidenceRow;
      return { id: row.id, ...(await openJson<Omit<EvidenceRow, 'id'>>(key, 'evidence', row.id, row.sealed)) };
    },

    async sealSummary(row) {
      // The search terms (medications, allergies, problems) are sealed with the name: never in the clear.
      const { fileName, patientName, nhsNumber, dateOfBirth, terms, ...rest } = row;
      return { ...rest, sealed: await sealJson(key, 'summaries', row.id, { fileName, patientName, nhsNumber, dateOfBirth, terms }) };
    },
    async openSummaries(rows) {
      const out = new Array<SummaryRow>(rows.length);
      const toOpen: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (!isSealed(row)) {
          out[i] = row as unknown as SummaryRow;
          continue;
        }
        const kept = summaries.get(row.id);
        if (kept && kept.tag === sealTag(row.sealed) && kept.row.state === row.state && kept.row.flags === row.flags && kept.row.updatedAt === row.updatedAt) out[i] = kept.row;
        else toOpen.push(i);
      }
      // In parallel, a chunk at a time: WebCrypto decrypts off the page's thread, so a chunk
      // of 10,000 rows opens several times faster than one by one, and each decrypt's answer
      // is its own task, so the page stays responsive meanwhile.
      // Two reads of the list at once (a screen opened again while the first still opens)
      // share each row's decryption instead of doing it twice.
      for (let c = 0; c < toOpen.length; c += OPEN_CHUNK) {
        if (forgotten) throw new DataLockedError();
        await Promise.all(
          toOpen.slice(c, c + OPEN_CHUNK).map(async (i) => {
            const row = rows[i] as StoredSummary & { sealed: SealedBox };
            const tag = sealTag(row.sealed);
            const once = `${row.id}\u0000${tag}\u0000${row.state}\u0000${row.flags}\u0000${row.updatedAt}`;
            let opening = openingSummaries.get(once);
            if (!opening) {
              opening = openJson<Pick<SummaryRow, 'fileName' | 'patientName' | 'nhsNumber' | 'dateOfBirth' | 'terms'>>(key, 'summaries', row.id, row.sealed).then((open) => {
                const { sealed: _s, ...rest } = row;
                const opened: SummaryRow = { ...rest, ...open };
                if (!forgotten) summaries.set(row.id, { tag, row: opened });
                return opened;
              });
              openingSummaries.set(once, opening);
              void opening.then(
                () => openingSummaries.delete(once),
                () => openingSummaries.delete(once),
              );
            }
            out[i] = await opening;
          }),
        );
      }
      if (forgotten) throw new DataLockedError();
      return out;
    },

    async sealEdit(row) {
      const { oldValue, newValue, ...rest } = row;
      return { ...rest, sealed: await sealJson(key, 'edits', row.recordId, { oldValue, newValue }) };
    },
    async openEdit(row) {
      if (!isSealed(row)) return row as unknown as EditRow;
      const { sealed, ...rest } = row;
      return { ...rest, ...(await openJson<Pick<EditRow, 'oldValue' | 'newValue'>>(key, 'edits', row.recordId, sealed)) };
    },

    keyForWorker() {
      if (forgotten) throw new DataLockedError();
      return key;
    },

    openedFileNames() {
      if (forgotten) throw new DataLockedError();
      const names = new Map<string, string>();
      for (const [id, kept] of summaries) names.set(sealedValueKey(id, kept.tag), kept.row.fileName);
      return names;
    },

    forget() {
      // Anything still opening (a list read when the app locked) keeps nothing and gives nothing.
      forgotten = true;
      summaries.clear();
      openingSummaries.clear();
      jobNames.clear();
    },
  };
}
