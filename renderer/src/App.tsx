import { useEffect, useRef } from 'react';
import { focusHeadingOnNextScreen } from './components/PageHeading';
import { EngineBanner } from './components/EngineBanner';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { ActivityScreen } from './features/activity/ActivityScreen';
import { ExportScreen } from './features/export/ExportScreen';
import { InboxScreen } from './features/inbox/InboxScreen';
import { ReviewScreen } from './features/review/ReviewScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { useLive } from './state/live';
import { useRoute, type Route } from './state/route';
import { startSync } from './sync/engine-sync';

const TITLES: Record<Route['screen'], string> = {
  inbox: 'Inbox',
  review: 'Review',
  export: 'Export',
  settings: 'Settings',
  activity: 'Activity',
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
  }
}

export function App() {
  const route = useRoute();
  const userName = useLive((s) => s.userName);
  const version = useLive((s) => s.version);
  const mode = useLive((s) => s.mode);

  useEffect(() => {
    startSync().catch(() => undefined);
  }, []);

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
      <Header current={route.screen} userName={userName} />
      <EngineBanner />
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <Screen route={route} />
        </main>
      </div>
      <Footer version={version} mode={mode} />
    </>
  );
}
