/**
 * How a web-mode page signs in. `npm start` prints http://127.0.0.1:PORT/session?token=…;
 * the server swaps the token for an HttpOnly session cookie and redirects here without it,
 * so the page never holds a credential and the token is in no address the tab keeps.
 *
 * This side only tidies the address bar:
 * - a link in the older form, /#token=… (the fragment never reaches a server), or such a
 *   link pasted into a tab that is already open (the browser does not reload for a new
 *   fragment): sent to /session to be exchanged, replacing this history entry;
 * - `?link=refused`, where the server sends a link from an earlier run: remembered for the
 *   sign-in screen, then taken out of the address.
 */
const TOKEN_IN_HASH = /(^|[#&])token=([A-Za-z0-9_-]{32,128})(?=&|$)/;
const REFUSED_MARK = /([?&])link=refused(&|$)/;
/** Where older versions kept the token for the tab; cleared now that a cookie does its job. */
const LEGACY_STORAGE_KEY = 'scr-extract.web-token';

export interface AddressPlace {
  location: { hash: string; pathname: string; search: string; replace(url: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string | null): void };
  sessionStorage?: { removeItem(key: string): void };
}

export type LinkOutcome =
  /** Nothing in the address: the cookie (if any) decides. */
  | 'none'
  /** Leaving for /session to exchange a token: the page should start nothing. */
  | 'exchanging'
  /** The server refused the link: it was not this run's. */
  | 'refused';

let refusedLink = false;

/** Whether this page was reached from a link the server refused (an earlier run's). */
export function linkWasRefused(): boolean {
  return refusedLink;
}

export function followSignInLink(place: AddressPlace): LinkOutcome {
  try {
    place.sessionStorage?.removeItem(LEGACY_STORAGE_KEY);
  } catch {
    // Storage refused: nothing was kept there either.
  }
  const { location } = place;
  const m = TOKEN_IN_HASH.exec(location.hash);
  if (m?.[2]) {
    // replace(): the address with the token does not stay in the tab's history.
    location.replace(`/session?token=${m[2]}`);
    return 'exchanging';
  }
  if (REFUSED_MARK.test(location.search)) {
    refusedLink = true;
    const search = location.search.replace(REFUSED_MARK, (_all, lead: string, tail: string) => (tail === '&' ? lead : '')).replace(/^\?$/, '');
    place.history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
    return 'refused';
  }
  return 'none';
}

/**
 * A link pasted into a tab that is already open: a /session link loads a new page by
 * itself; a /#token=… link only changes the fragment, so it is followed here.
 */
export function followPastedLinks(target: AddressPlace & { addEventListener(type: 'hashchange', listener: () => void): void }): void {
  target.addEventListener('hashchange', () => {
    followSignInLink(target);
  });
}
