import { recordViewScript as record } from './features/review/record-view-script';
import { lazyScreen } from './lazy-screen';
import type { Route } from './state/route';

export { InboxScreen } from './features/inbox/InboxScreen';
export { ReviewScreen } from './features/review/ReviewScreen';

/**
 * The inbox and the review list, where the app opens, are in the first script: fetched as a
 * script of their own they would be a second round trip before the first screen. Every other
 * screen, and a record's own view, is a script of its own, so that the first holds none of
 * their code (nor zod, the CSV writer, the charts): fetched at once when the app opens on one
 * (preloadScreen), otherwise a while after start when the browser is idle (preloadAllScreens),
 * so that moving to them waits for nothing.
 */
const exportScreen = lazyScreen(() => import('./features/export/ExportScreen').then((m) => m.ExportScreen));
const settings = lazyScreen(() => import('./features/settings/SettingsScreen').then((m) => m.SettingsScreen));
const activity = lazyScreen(() => import('./features/activity/ActivityScreen').then((m) => m.ActivityScreen));
const audit = lazyScreen(() => import('./features/audit/AuditScreen').then((m) => m.AuditScreen));

export const ExportScreen = exportScreen.Screen;
export const SettingsScreen = settings.Screen;
export const ActivityScreen = activity.Screen;
export const AuditScreen = audit.Screen;

const byScreen = { export: exportScreen, settings, activity, audit };
const all = [record, exportScreen, settings, activity, audit];

function load(screen: { preload(): Promise<void> }): void {
  // A failed fetch is not final: showing the screen tries again, and says so if it fails.
  screen.preload().catch(() => undefined);
}

/** Starts fetching the script(s) of the screen this route shows. */
export function preloadScreen(route: Route): void {
  if (route.screen === 'review' && route.recordId) load(record);
  else if (route.screen !== 'review' && route.screen !== 'inbox') load(byScreen[route.screen]);
}

let preloadedAll = false;

/** After the start has settled, fetches every screen's script when the browser is idle (once). */
export function preloadAllScreens(): void {
  if (preloadedAll) return;
  preloadedAll = true;
  const every = () => all.forEach(load);
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(every, { timeout: 2000 });
    else every();
  }, SETTLE_MS);
}

/** Long enough for the first screen to have shown (a second is generous, even at 10,000 records). */
const SETTLE_MS = 1000;
