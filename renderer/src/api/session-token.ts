/**
 * Where web mode keeps the run's token. `npm start` prints http://127.0.0.1:PORT/#token=…:
 * the fragment is never sent to any server, nor in a Referer. On first load the token
 * moves into sessionStorage (this tab only, gone when the tab closes, kept across reloads)
 * and is taken out of the address bar, so it is not bookmarked, shared or shown on screen.
 * Opening the printed link again (the server restarted with a new token) replaces it.
 */
const STORAGE_KEY = 'scr-extract.web-token';
const TOKEN_IN_HASH = /(^|[#&])token=([A-Za-z0-9_-]{32,128})(?=&|$)/;

export interface TokenPlace {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string | null): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export function takeSessionToken(place: TokenPlace): string | null {
  const { location } = place;
  const m = TOKEN_IN_HASH.exec(location.hash);
  if (m?.[2]) {
    const token = m[2];
    try {
      place.sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage refused (private mode quotas): the token still works until a reload.
    }
    const rest = location.hash.replace(TOKEN_IN_HASH, '$1').replace(/^#&/, '#').replace(/[&]$/, '');
    const hash = rest === '#' || rest === '' ? '' : rest;
    place.history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    return token;
  }
  try {
    return place.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
