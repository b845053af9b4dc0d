import { ApiCallError, getApi, isNotSignedIn } from '../../api';
import type { DataKeyGrant } from '../../../../main/core/api/contract';
import type { SecurityState } from '../../../../main/core/contract/security';
import { isUnlocked, lockedCodec, setCodec } from '../../db/codec';
import { importDataKey } from '../../db/crypto/row-cipher';
import { createSealedCodec } from '../../db/crypto/sealed-codec';
import { dropPrefetchedHead } from '../../db/list';
import { getDataKeyId, setDataKeyId, wipeDatabase } from '../../db/whole-database';
import { sealLegacyRows } from '../../db/seal-legacy';
import { useLive } from '../../state/live';
import { useSecurity } from '../../state/security';
import { useUi } from '../../state/ui';
import { takeStartAnswers } from './start-questions';

/**
 * The renderer's side of the two locks. Main is the authority: this asks it where things
 * stand, shows the matching screen, and holds the data key (as a non-extractable
 * CryptoKey) only while the app is open. Locking drops the key and every decrypted row
 * kept in memory, and the screens that showed records unmount.
 */
let chain: Promise<void> = Promise.resolve();
let mismatched: { key: CryptoKey; keyId: string } | null = null;
/** The id of the data key this page holds. */
let openKeyId: string | null = null;
let listening = false;
/** What the opening screen needs done with the key before it shows (prepareFirstScreen). */
let firstScreen: (() => Promise<unknown>) | null = null;

/**
 * The longest the app's screens wait, once the key is in, for the opening screen's own
 * preparation (its first rows opened): enough for a screenful, short enough that a slow
 * database never holds the app closed.
 */
const FIRST_SCREEN_WAIT_MS = 250;

/**
 * Work the opening screen needs the key for (start.ts: opening the review list's first
 * rows, read meanwhile), done as the key comes in and before the screens show, so that they
 * show with it. Once: the first time the app opens.
 */
export function prepareFirstScreen(work: () => Promise<unknown>): void {
  firstScreen = work;
}

/** One change at a time: a lock event can arrive while a passphrase is being checked. */
function serial(work: () => Promise<void>): Promise<void> {
  const run = chain.then(work, work);
  chain = run.catch(() => undefined);
  return run;
}

function setPhase(phase: ReturnType<typeof useSecurity.getState>['phase'], security?: SecurityState): void {
  useSecurity.setState(security ? { phase, security } : { phase });
}

/** Nothing decrypted stays: the key, the kept list rows, searches and notices that name files. */
function closeSession(): void {
  setCodec(lockedCodec);
  firstScreen = null;
  dropPrefetchedHead();
  mismatched = null;
  openKeyId = null;
  useUi.setState({ reviewSearch: '', duplicates: [], activeField: null, selected: new Set() });
}

async function openSession(grant: DataKeyGrant, security: SecurityState | null): Promise<void> {
  // Independent: the key's import and the database's note of which key sealed it.
  const [key, sealedWith] = await Promise.all([importDataKey(grant.key), getDataKeyId()]);
  if (sealedWith && sealedWith !== grant.keyId) {
    // Sealed under a key main no longer has (its data folder was reset or changed).
    mismatched = { key, keyId: grant.keyId };
    setPhase('key-mismatch', security ?? undefined);
    return;
  }
  setCodec(createSealedCodec(key));
  openKeyId = grant.keyId;
  if (!sealedWith) {
    // First time with this database: rows from before encryption are sealed, then the key
    // is recorded (so an interrupted pass simply runs again next time). Once recorded,
    // starts skip the pass: it reads every row, far too slow to repeat over 10,000 records.
    await sealLegacyRows();
    await setDataKeyId(grant.keyId);
  }
  const prepare = firstScreen;
  firstScreen = null;
  if (prepare) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([prepare().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, FIRST_SCREEN_WAIT_MS)))]);
    clearTimeout(timer);
  }
  setPhase('open', security ?? undefined);
}

/**
 * The key asked for before main's answer about the locks was in (startGate): used only where
 * evaluate would ask for it itself, otherwise dropped unread.
 */
type EarlyGrant = Promise<DataKeyGrant> | null;

async function evaluate(security: SecurityState, early: EarlyGrant = null): Promise<void> {
  useSecurity.setState({ security });
  if (security.appLocked) {
    closeSession();
    setPhase('locked');
    return;
  }
  // Everything was deleted from another window: the key this page holds is gone.
  if (isUnlocked() && security.dataKeyId && openKeyId && security.dataKeyId !== openKeyId) closeSession();
  if (isUnlocked()) {
    setPhase('open');
    return;
  }
  const api = getApi();
  if (security.dataKey === 'not-set-up') {
    if (security.keyMethod === 'os') await openSession(await api.setUpDataKey({}), security);
    else setPhase('set-passphrase');
    return;
  }
  if (security.dataKey === 'locked' && security.keyMethod === 'passphrase') {
    setPhase('enter-passphrase');
    return;
  }
  try {
    await openSession(await (early ? early.catch((err: unknown) => retryUnlessRefused(err)) : api.openDataKey({})), security);
  } catch (err) {
    if (err instanceof ApiCallError && err.code === 'ERR_WRONG_SECRET') setPhase('key-problem');
    else throw err;
  }
}

/**
 * The early key's call failed. A wrong secret (the OS could not unseal it) is main's answer,
 * and the refusal is already in the audit trail: not asked again. Anything else (the app was
 * locked or the key closed between the two answers, a dropped connection) is asked again,
 * now that main has said the key should open, as when the calls were made one after the other.
 */
function retryUnlessRefused(err: unknown): Promise<DataKeyGrant> {
  if (err instanceof ApiCallError && err.code === 'ERR_WRONG_SECRET') throw err;
  return getApi().openDataKey({});
}

/** Asks main where things stand and shows the matching screen. */
export function recheck(): Promise<void> {
  return check(null, null);
}

function check(asked: Promise<{ security: SecurityState }> | null, early: EarlyGrant): Promise<void> {
  return serial(async () => {
    try {
      const { security } = await (asked ?? getApi().getSecurityState({}));
      await evaluate(security, early);
    } catch (err) {
      if (!isUnlocked()) setPhase(isNotSignedIn(err) ? 'signed-out' : 'unreachable');
    }
  });
}

/** Once per page: follow main's lock news (another tab locked, the desktop went idle…). */
export function startGate(): Promise<void> {
  if (!listening) {
    listening = true;
    getApi().onEvent((event) => {
      if (event.type === 'security') void serial(() => evaluate(event.security)).catch(() => undefined);
      if (event.type === 'connection' && event.state === 'online' && !isUnlocked()) void recheck();
      // Web mode: the server stopped accepting this page's sign-in (it restarted with a new token).
      if (event.type === 'connection' && event.state === 'unauthorised' && !isUnlocked()) setPhase('signed-out');
    });
  }
  const api = getApi();
  // Both of the start's questions at once (asked already if start.ts did, as the first
  // script began), not one after the other: the page goes on loading while main answers.
  // Where the locks stand, and the data key: main is the authority for both. It refuses the
  // key while the app is locked, before it is set up and while it waits for the passphrase
  // (no audit line: nothing was guessed), and gives it where the answer about the locks
  // would have led to asking for it (the OS method opens it, audited, as it would have been
  // a moment later). The key is used only where that answer leads to it; otherwise it is
  // dropped unread.
  const answers = takeStartAnswers();
  const asked = answers?.security ?? (isUnlocked() ? null : api.getSecurityState({}));
  const early = answers?.key ?? (asked ? api.openDataKey({}) : null);
  early?.catch(() => undefined);
  // Who is here, for the header of the lock screens (answered while locked).
  void api
    .getSessionInfo({})
    .then((s) => useLive.setState({ mode: s.mode, userName: s.userName, version: s.version }))
    .catch(() => undefined);
  return check(asked, early);
}

/** First run in web mode. Rejects with the ApiCallError main gave (shown on the screen). */
export function choosePassphrase(passphrase: string): Promise<void> {
  return serial(async () => {
    await openSession(await getApi().setUpDataKey({ passphrase }), null);
  });
}

export function enterPassphrase(passphrase: string): Promise<void> {
  return serial(async () => {
    await openSession(await getApi().openDataKey({ passphrase }), null);
  });
}

export function unlock(passcode: string): Promise<void> {
  return serial(async () => {
    const { security } = await getApi().unlockApp({ passcode });
    await evaluate(security);
  });
}

export function lockNow(reason: 'idle' | 'button'): Promise<void> {
  return serial(async () => {
    const { security } = await getApi().lockApp({ reason });
    await evaluate(security);
  });
}

/** The database was sealed with a key that is gone: empty it and carry on with the new key. */
export function discardUnreadable(): Promise<void> {
  return serial(async () => {
    const pending = mismatched;
    if (!pending) return;
    await wipeDatabase();
    await setDataKeyId(pending.keyId);
    setCodec(createSealedCodec(pending.key));
    openKeyId = pending.keyId;
    mismatched = null;
    setPhase('open');
  });
}

/**
 * Delete everything: the database first (so a failure after it leaves nothing behind),
 * then main forgets its jobs and replaces the data key, which makes anything left of the
 * old database on disk unreadable.
 */
export function deleteEverything(): Promise<void> {
  return serial(async () => {
    const keptKeyId = await getDataKeyId();
    await wipeDatabase();
    let grant: DataKeyGrant;
    try {
      grant = await getApi().deleteAllData({ confirm: 'delete everything' });
    } catch (err) {
      // Main kept the old key: the (now empty) database stays under it.
      if (keptKeyId) await setDataKeyId(keptKeyId);
      throw err;
    }
    const key = await importDataKey(grant.key);
    await setDataKeyId(grant.keyId);
    setCodec(createSealedCodec(key));
    openKeyId = grant.keyId;
  });
}
