import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, startWebSession } from './api';
import { App } from './App';
import { startGate } from './features/security/gate';
import { setAuditSink } from './db/write-queue';
import { reportAudit } from './features/audit/report-audit';
import { preloadScreen } from './screens';
import { parseRoute } from './state/route';
import { startRetention } from './features/retention/retention';
import './styles/app.scss';

// Web mode: a sign-in link in the address is exchanged (leaving this page) before anything starts.
if (startWebSession() !== 'exchanging') {
  getApi();
  // What people do goes to main's audit trail.
  setAuditSink((events) => reportAudit(...events));
  // Retention needs no key: it purges by date at start and hourly, locked or not.
  startRetention();
  // Before the first render, not in an effect after it: the sign-in and key checks with main
  // are under way while React and the gate screen start.
  startGate().catch(() => undefined);
  // The opening screen's script loads meanwhile too.
  preloadScreen(parseRoute(window.location.hash));

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
