// First, in this order: the start's questions to main, then the gate and the database read
// that wait for them, before the rest of this script is evaluated (see start.ts).
import { starting } from './start';
import './start-gate';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setAuditSink } from './db/write-queue';
import { reportAudit } from './features/audit/report-audit';
import { preloadScreen } from './screens';
import { parseRoute } from './state/route';
import { startRetention } from './features/retention/retention';
import './styles/app.scss';

// Web mode: a sign-in link in the address is exchanged (leaving this page) before anything starts.
if (starting) {
  // What people do goes to main's audit trail.
  setAuditSink((events) => reportAudit(...events));
  // Retention needs no key: it purges by date at start and hourly, locked or not.
  startRetention();
  // The opening screen's script loads meanwhile too.
  preloadScreen(parseRoute(window.location.hash));

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
