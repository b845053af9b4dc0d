import { getApi } from '../api';
import type { ApiEvent, Job, RequestOf, ScrApi } from '../core';
import { isUnlocked } from '../db/codec';
import type { IdentifiedDocument } from '../db/jobs';
import * as repo from '../db/repository';
import { useLive } from '../state/live';

/**
 * Keeps the database in step with the engine in main: mirrors job events, stores results,
 * and on every start hands the engine whatever it has not finished. The engine is
 * idempotent on job ids, so resubmitting after a reload or a restart never runs a document
 * twice, and saveResult keeps only the first record per document.
 */

/** Job events arrive up to 10/s per job; they are written in one transaction per tick. */
const FLUSH_MS = 120;
let pendingJobs = new Map<string, Job>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let started: Promise<void> | null = null;

function api(): ScrApi {
  return getApi();
}

/**
 * Events are the truth about a job; a snapshot (what submit or listJobs answered) may have
 * been taken before an event that reached us first. A snapshot is applied only to jobs that
 * have had no event since its request was sent: the latest state always comes as an event.
 */
let eventCount = 0;
const lastEvent = new Map<string, number>();

function snapshotMark(): number {
  return eventCount;
}

async function applySnapshot(jobs: Job[], mark: number): Promise<void> {
  await announceIdentified(await repo.mirrorJobs(jobs.filter((j) => (lastEvent.get(j.id) ?? 0) <= mark)));
}

type IdentifiedListener = (docs: IdentifiedDocument[]) => Promise<void>;
const identifiedListeners = new Set<IdentifiedListener>();

/**
 * Told when main has hashed documents (the hash comes with their jobs): the inbox checks
 * them for duplicates there. Main is the only place a document is hashed.
 */
export function onDocumentsIdentified(listener: IdentifiedListener): () => void {
  identifiedListeners.add(listener);
  return () => identifiedListeners.delete(listener);
}

async function announceIdentified(docs: IdentifiedDocument[]): Promise<void> {
  if (docs.length === 0) return;
  for (const listener of [...identifiedListeners]) await listener(docs).catch(() => undefined);
}

function queueJob(job: Job): void {
  lastEvent.set(job.id, ++eventCount);
  pendingJobs.set(job.id, job);
  flushTimer ??= setTimeout(() => void flushJobs().catch(() => undefined), FLUSH_MS);
}

async function flushJobs(): Promise<void> {
  flushTimer = null;
  // Locked since they arrived: dropped, or they would overwrite the newer state that the
  // catch-up after unlock (refresh) brings.
  if (!isUnlocked()) {
    pendingJobs = new Map();
    return;
  }
  const jobs = [...pendingJobs.values()];
  pendingJobs = new Map();
  await announceIdentified(await repo.mirrorJobs(jobs));
  // A job that completed without its result reaching us (reload in between) is fetched.
  await Promise.all(jobs.filter((j) => j.status === 'complete').map((j) => fetchResult(j)));
}

const fetching = new Set<string>();

async function fetchResult(job: Job): Promise<void> {
  if (fetching.has(job.id) || (await repo.getRecord(job.id))) return;
  fetching.add(job.id);
  try {
    const { result } = await api().getResult({ jobId: job.id });
    if (result) {
      await repo.saveResult(job.id, result);
    } else if (job.duplicateOf) {
      // Linked by the engine to an earlier job for the same bytes: that job's result is this one's.
      const linked = await api().getResult({ jobId: job.duplicateOf });
      if (linked.result) await repo.saveResult(job.id, linked.result);
    } else {
      // Main restarted and no longer holds the result: run the document again (still once).
      await resubmitStored([job.id]);
    }
  } finally {
    fetching.delete(job.id);
  }
}

function onEvent(event: ApiEvent): void {
  // While locked main holds record events back; any already on the way wait for the catch-up.
  if ((event.type === 'job' || event.type === 'result') && !isUnlocked()) return;
  switch (event.type) {
    case 'job':
      queueJob(event.job);
      break;
    case 'result':
      void repo.saveResult(event.jobId, event.result);
      break;
    case 'engine':
      useLive.setState({ engine: event.state });
      break;
    case 'batch':
      useLive.setState({ batch: event.stats });
      break;
    case 'removed':
      // Removal starts in the renderer, which has already deleted its rows.
      break;
    case 'connection':
      onConnection(event.state);
      break;
    case 'security':
      // features/security/gate.ts follows the lock.
      break;
  }
}

const OFFLINE = 'SCR Extract has lost touch with its processing service and is trying again. Nothing is lost: documents carry on when it is back.';
const UNAUTHORISED = 'SCR Extract was restarted. Open the link it printed when it started (or start it again) to carry on.';

function onConnection(state: 'online' | 'offline' | 'unauthorised'): void {
  if (state === 'online') {
    // Not started yet (main was down when the page loaded): start now. Otherwise events
    // may have been missed while away (or main restarted): catch up and hand over
    // whatever it no longer knows.
    if (!isUnlocked()) return;
    if (!started) {
      void startSync().catch(() => undefined);
      return;
    }
    useLive.setState({ connected: true, problem: null });
    void refresh().catch(() => undefined);
  } else {
    useLive.setState({ connected: false, problem: state === 'offline' ? OFFLINE : UNAUTHORISED });
  }
}

async function refresh(): Promise<void> {
  const client = api();
  const [{ state }, { stats }] = await Promise.all([client.getEngineState({}), client.getBatchStats({})]);
  useLive.setState({ engine: state, batch: stats });
  await reconcile();
}

export type SubmitEntry = RequestOf<'submitDocuments'>['docs'][number];

/** At most this many documents in one call (the channel's limit). */
const SUBMIT_CHUNK = 1000;

/**
 * Hands documents to the engine. A PDF's bytes go in their own call, so that a document
 * starts as soon as it is sent and a call that fails touches that document only; files
 * picked in the desktop's dialog go by their ids (main reads them), many to a call. A
 * document whose call fails stays queued here and is handed over again when main is back
 * (see reconcile), from the copy stored here. Safe for documents main already knows: it
 * answers with their jobs instead of running them again.
 */
export async function submitDocuments(entries: SubmitEntry[]): Promise<void> {
  const picked = entries.filter((e) => e.source.kind === 'picked');
  for (let i = 0; i < picked.length; i += SUBMIT_CHUNK) await submitCall(picked.slice(i, i + SUBMIT_CHUNK));
  for (const entry of entries) if (entry.source.kind === 'bytes') await submitCall([entry]);
}

async function submitCall(docs: SubmitEntry[]): Promise<void> {
  const mark = snapshotMark();
  try {
    const { jobs } = await api().submitDocuments({ docs });
    await applySnapshot(jobs, mark);
  } catch {
    // Main unreachable (the client announces it) or the call refused: the documents stay
    // queued here and reconcile hands them over again.
  }
}

/**
 * Hands over documents from the copies stored here: after main restarted or forgot them.
 * One at a time, each read (and decrypted) only when its turn comes.
 */
async function resubmitStored(ids: string[]): Promise<void> {
  for (const id of ids) {
    const doc = await repo.getDocument(id);
    // Gone, or its PDF already purged by retention (or never copied in): nothing to hand over.
    if (!doc?.blob) continue;
    const entry: SubmitEntry = { id, name: doc.name, source: { kind: 'bytes', bytes: new Uint8Array(await doc.blob.arrayBuffer()) } };
    if (doc.processAgain) entry.processAgain = true;
    await submitCall([entry]);
  }
}

/**
 * Brings the database and the engine back into step: takes the engine's view of the jobs
 * it knows, hands it the unfinished documents it does not know (it restarted, or never got
 * them), and fetches results that never arrived.
 */
async function reconcile(): Promise<void> {
  const mark = snapshotMark();
  const { jobs: known } = await api().listJobs({});
  await applySnapshot(known, mark);
  const knownIds = new Set(known.map((j) => j.id));
  const missing = (await repo.unfinishedJobs()).filter((j) => !knownIds.has(j.id));
  // A result that arrived just before main went away settles its job: never run it again.
  const settled = await repo.withRecords(missing.map((j) => j.id));
  if (settled.length) await repo.markComplete(settled);
  const rerun = missing.filter((j) => !settled.includes(j.id));
  if (rerun.length) await resubmitStored(rerun.map((j) => j.id));
  for (const job of await repo.completeJobsWithoutRecord()) await fetchResult(job);
}

let unsubscribe: (() => void) | null = null;

async function connect(): Promise<void> {
  const client = api();
  // Once per page, whatever happens to this first attempt.
  unsubscribe ??= client.onEvent(onEvent);
  const session = await client.getSessionInfo({});
  repo.setActor(session.userName);
  useLive.setState({ connected: true, mode: session.mode, userName: session.userName, version: session.version, problem: null });
  const [{ state }, { stats }, { settings }] = await Promise.all([
    client.getEngineState({}),
    client.getBatchStats({}),
    client.getSettings({}),
  ]);
  useLive.setState({ engine: state, batch: stats });
  await repo.mirrorSettings(settings);
  // Catching up reads every job and record key: let the first screen load its rows first.
  await whenIdle();
  await reconcile();
}

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 200);
  });
}

/**
 * After an unlock (or the first time): start, or catch up on what was held back while
 * locked. Safe to call on every mount of the open app.
 */
export function resumeSync(): Promise<void> {
  if (!started) return startSync();
  return started.then(refresh);
}

/** Starts once per page load; a failure is shown in the banner and can be retried. */
export function startSync(): Promise<void> {
  started ??= connect().catch((err: unknown) => {
    started = null;
    useLive.setState({
      connected: false,
      problem: 'SCR Extract cannot reach its processing service. Close and reopen the app; if this keeps happening, tell your IT lead.',
    });
    throw err;
  });
  return started;
}

/** Actions on jobs: the engine acts, and its job events bring the inbox up to date. */
export async function cancelJobs(ids: string[]): Promise<void> {
  if (ids.length) await api().cancelJobs({ ids });
}

export async function retryJobs(ids: string[]): Promise<void> {
  if (!ids.length) return;
  const { count } = await api().retryJobs({ ids });
  // Jobs the engine no longer knows (it restarted) are handed over again instead.
  if (count < ids.length) await resubmitStored(ids);
}

export async function removeJobs(ids: string[]): Promise<void> {
  if (!ids.length) return;
  // Gone from the inbox at once; a late event for them is ignored (see mirrorJobs).
  await repo.removeDocuments(ids);
  await api().removeJobs({ ids });
}

export async function prioritise(id: string): Promise<void> {
  await api().prioritiseJob({ id });
}
