import { lazyScreen } from './lazy-screen';
import type { Route } from './state/route';

/**
 * Each screen is a script of its own, so the first script holds only what every start needs
 * (React, the gate, the database) and is loaded and run sooner. The screen the app opens on
 * is fetched while the gate is still checking the key (preloadScreen), the others a while
 * after start when the browser is idle (preloadAllScreens): running their code any sooner
 * would hold up the first screen, and fetched by then, moving between screens waits for nothing.
 */
const inbox = lazyScreen(() => import('./features/inbox/InboxScreen').then((m) => m.InboxScreen));
const review = lazyScreen(() => import('./features/review/ReviewScreen').then((m) => m.ReviewScreen));
const record = lazyScreen(() => import('./features/review/RecordView').then((m) => m.RecordView));
const exportScreen = lazyScreen(() => import('./features/export/ExportScreen').then((m) => m.ExportScreen));
const settings = lazyScreen(() => import('./features/settings/SettingsScreen').then((m) => m.SettingsScreen));
const activity = lazyScreen(() => import('./features/activity/ActivityScreen').then((m) => m.ActivityScreen));
const audit = lazyScreen(() => import('./features/audit/AuditScreen').then((m) => m.AuditScreen));

export const InboxScreen = inbox.Screen;
export const ReviewScreen = review.Screen;
export const RecordView = record.Screen;
export const ExportScreen = exportScreen.Screen;
export const SettingsScreen = settings.Screen;
export const ActivityScreen = activity.Screen;
export const AuditScreen = audit.Screen;

const byScreen = { inbox, review, export: exportScreen, settings, activity, audit } satisfies Record<Route['screen'], unknown>;
const all = [inbox, review, record, exportScreen, settings, activity, audit];

function load(screen: { preload(): Promise<void> }): void {
  // A failed fetch is not final: showing the screen tries again, and says so if it fails.
  screen.preload().catch(() => undefined);
}

/** Starts fetching the script(s) of the screen this route shows. */
export function preloadScreen(route: Route): void {
  load(byScreen[route.screen]);
  if (route.screen === 'review' && route.recordId) load(record);
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
