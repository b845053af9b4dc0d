import { useMemo, useSyncExternalStore } from 'react';

/** Screens are addressed by the URL hash so that reloads, links and Back all work. */
export type Route =
  | { screen: 'inbox' }
  | { screen: 'review'; recordId: string | null }
  | { screen: 'export' }
  | { screen: 'settings' }
  | { screen: 'activity' }
  | { screen: 'audit' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'review':
      return { screen: 'review', recordId: parts[1] ?? null };
    case 'export':
      return { screen: 'export' };
    case 'settings':
      return { screen: 'settings' };
    case 'activity':
      return { screen: 'activity' };
    case 'audit':
      return { screen: 'audit' };
    default:
      return { screen: 'inbox' };
  }
}

export function href(route: Route): string {
  if (route.screen === 'review' && route.recordId) return `#/review/${encodeURIComponent(route.recordId)}`;
  return `#/${route.screen}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parseRoute(hash), [hash]);
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}
