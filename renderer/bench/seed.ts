import { db } from '../src/db/database';
import { importDataKey } from '../src/db/crypto/row-cipher';
import { createSealedCodec } from '../src/db/crypto/sealed-codec';
import type { DocumentRow, EvidenceRow, JobRow, RecordRow, SummaryRow } from '../src/db/rows';
import { summarise } from '../src/db/summary';

/**
 * Benchmark harness (npm run bench:ui), never part of the app bundle: fills the app's own
 * database, through the app's own Dexie schema and row encryption, with `count` records
 * copied from one real extraction (so each carries realistic provenance), each with its own
 * name and NHS number. It is handed the data key the app itself uses (the benchmark asks
 * the local server for it with the run's token), so the app can open what it seeds.
 */
const GIVEN = ['Olivia', 'Amir', 'Grace', 'Tomasz', 'Aisha', 'Liam', 'Mei', 'Kwame', 'Sofia', 'Rhys', 'Priya', 'Noah'];
const FAMILY = ['Okafor', 'Patel', 'Jones', 'Nowak', 'Khan', 'Smith', 'Chen', 'Mensah', 'Rossi', 'Evans', 'Shah', 'Brown'];

/** A valid test-range NHS number (999…) for index i: the check digit is computed, never 10. */
function nhsNumber(i: number): string {
  for (let n = i; ; n += 100_000) {
    const first9 = `999${String(n % 1_000_000).padStart(6, '0')}`;
    let sum = 0;
    for (let k = 0; k < 9; k++) sum += Number(first9[k]) * (10 - k);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${first9}${check === 11 ? 0 : check}`;
  }
}

export async function seed(count: number, sampleId: string, rawKey: number[]): Promise<{ insertMs: number; blobMs: number; sealMs: number; bytes: number }> {
  const d = db();
  await d.open();
  const codec = createSealedCodec(await importDataKey(new Uint8Array(rawKey)));
  const [storedRecord, storedEvidence, storedJob] = await Promise.all([d.records.get(sampleId), d.evidence.get(sampleId), d.jobs.get(sampleId)]);
  if (!storedRecord || !storedEvidence || !storedJob) throw new Error('the sample record is not in the database');
  const [record, evidence, [job]] = await Promise.all([codec.openRecord(storedRecord), codec.openEvidence(storedEvidence), codec.openJobs([storedJob])]);
  const blob = new Blob([new Uint8Array(1024)], { type: 'application/pdf' });
  const now = Date.now();
  const docs: DocumentRow[] = [];
  const jobs: JobRow[] = [];
  const records: RecordRow[] = [];
  const evidences: EvidenceRow[] = [];
  const summaries: SummaryRow[] = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-${i}`;
    const patient = { ...record.record.patient, givenName: GIVEN[i % GIVEN.length]!, familyName: `${FAMILY[(i * 7) % FAMILY.length]}-${i}`, nhsNumber: nhsNumber(i) };
    const doc: DocumentRow = { id, name: `bench-${String(i).padStart(5, '0')}.pdf`, size: blob.size, sha256: `${String(i).padStart(64, '0')}`, blob, addedAt: now - count + i };
    const j: JobRow = { ...job!, id, name: doc.name, sha256: doc.sha256!, queuedAt: doc.addedAt };
    const approved = i % 10 < 7;
    const r: RecordRow = {
      ...record,
      id,
      record: { ...record.record, patient },
      reviewState: approved ? 'approved' : 'needs review',
      approvedAt: approved ? now : null,
      approvedBy: approved ? 'bench' : null,
    };
    // Every fifth record has one open flag (the list counts open flags, not warnings).
    const check = i % 5 === 0;
    const e: EvidenceRow = {
      ...evidence,
      id,
      warnings: check ? [{ code: 'bench', message: 'Check this value.', path: 'patient.postcode' }] : [],
      flags: check ? [{ path: 'patient.postcode', code: 'bench', reason: 'Check this value.' }] : [],
    };
    docs.push(doc);
    jobs.push(j);
    records.push(r);
    evidences.push(e);
    summaries.push(summarise(doc, j, r, e));
  }
  const bytes = new Blob([JSON.stringify(records), JSON.stringify(evidences)]).size;
  const s0 = performance.now();
  const [sDocs, sJobs, sRecords, sEvidence, sSummaries] = await Promise.all([
    Promise.all(docs.map((x) => codec.sealDocument(x))),
    Promise.all(jobs.map((x) => codec.sealJob(x))),
    Promise.all(records.map((x) => codec.sealRecord(x))),
    Promise.all(evidences.map((x) => codec.sealEvidence(x))),
    Promise.all(summaries.map((x) => codec.sealSummary(x))),
  ]);
  const sealMs = performance.now() - s0;
  // The PDFs apart: Chromium writes each Blob to its own file, a cost of the documents, not of records.
  const b0 = performance.now();
  await d.documents.bulkPut(sDocs);
  const blobMs = performance.now() - b0;
  const t0 = performance.now();
  await d.transaction('rw', [d.jobs, d.records, d.evidence, d.summaries], async () => {
    await d.jobs.bulkPut(sJobs);
    await d.records.bulkPut(sRecords);
    await d.evidence.bulkPut(sEvidence);
    await d.summaries.bulkPut(sSummaries);
  });
  return { insertMs: performance.now() - t0, blobMs, sealMs, bytes };
}

(window as unknown as { scrBench: unknown }).scrBench = { seed };
