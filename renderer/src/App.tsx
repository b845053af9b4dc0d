import { useEffect, useRef } from 'react';
import { focusHeadingOnNextScreen } from './components/PageHeading';
import { EngineBanner } from './components/EngineBanner';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { backfillSearchTermsWhenIdle } from './db/search-terms-backfill';
import { ExportFolderNotice } from './features/export/ExportFolderNotice';
import { afterNextPaint } from './lib/after-paint';
import { GateScreens } from './features/security/GateScreens';
import { LockButton } from './features/security/LockButton';
import { useIdleLock } from './features/security/use-idle-lock';
import { startWatchedIntake } from './features/settings/watched-folder-intake';
import { useLive } from './state/live';
import { useRoute, type Route } from './state/route';
import { useSecurity } from './state/security';
import { ActivityScreen, AuditScreen, ExportScreen, InboxScreen, preloadAllScreens, ReviewScreen, SettingsScreen } from './screens';
import { resumeSync } from './sync/engine-sync';

const TITLES: Record<Route['screen'], string> = {
  inbox: 'Inbox',
  review: 'Review',
  export: 'Export',
  settings: 'Settings',
  activity: 'Activity',
  audit: 'Audit',
};

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'inbox':
      return <InboxScreen />;
    case 'review':
      return <ReviewScreen recordId={route.recordId} />;
    case 'export':
      return <ExportScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'audit':
      return <AuditScreen />;
  }
}

/**
 * Until both locks are open (the data key, and the app lock if a passcode is set) only the
 * gate's screens show; the app's screens, and everything they decrypted, are unmounted.
 */
export function App() {
  const phase = useSecurity((s) => s.phase);
  return phase === 'open' ? <OpenApp /> : <GateScreens />;
}

function OpenApp() {
  const route = useRoute();
  const userName = useLive((s) => s.userName);
  const version = useLive((s) => s.version);
  const mode = useLive((s) => s.mode);
  useIdleLock();

  // Each once the opening screen has been painted: it needs none of them.
  useEffect(
    () =>
      afterNextPaint(() => {
        // First open, or back after a lock: catch up on what main held back meanwhile.
        resumeSync().catch(() => undefined);
      }),
    [],
  );
  // PDFs saved into the watched folder come in while the app is open.
  useEffect(() => {
    let stop: (() => void) | null = null;
    const cancel = afterNextPaint(() => (stop = startWatchedIntake()));
    return () => {
      cancel();
      stop?.();
    };
  }, []);
  // First open, or back after a lock: records main wrote to the export folder but this page
  // never marked exported (the window closed in between) are marked now, so an export of
  // "only records not exported before" does not take them again. (The writer's script is
  // loaded here rather than in the first script, as at the first approval.)
  useEffect(
    () =>
      afterNextPaint(() => {
        import('./features/export/export-folder-write').then((m) => m.reconcileExportFolder()).catch(() => undefined);
      }),
    [],
  );
  // Old list rows get their search terms, whichever screen is open, once it has had its turn.
  useEffect(() => backfillSearchTermsWhenIdle(), []);
  // The other screens' scripts, once this one has had its turn.
  useEffect(() => preloadAllScreens(), []);

  const routeKey = route.screen === 'review' ? `review/${route.recordId ?? ''}` : route.screen;
  const shownKey = useRef(routeKey);
  useEffect(() => {
    document.title = `${TITLES[route.screen]} – SCR Extract`;
  }, [route.screen]);
  // Before the new screen mounts, so that its heading finds the request.
  if (shownKey.current !== routeKey) {
    shownKey.current = routeKey;
    focusHeadingOnNextScreen();
  }

  return (
    <>
      <a
        className="nhsuk-skip-link"
        href="#maincontent"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('maincontent')?.focus();
        }}
      >
        Skip to main content
      </a>
      <Header current={route.screen} userName={userName} actions={<LockButton />} />
      <EngineBanner />
      <ExportFolderNotice />
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <Screen route={route} />
        </main>
      </div>
      <Footer version={version} mode={mode} />
    </>
  );
}
