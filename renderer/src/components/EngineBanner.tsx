import { useLive } from '../state/live';

/** Shown when the engine has paused provider work, or when main cannot be reached at all. */
export function EngineBanner() {
  const engine = useLive((s) => s.engine);
  const problem = useLive((s) => s.problem);
  if (!problem && engine?.state !== 'paused') return null;
  const message = problem ?? engine?.message ?? '';
  const next = !problem && engine?.nextTryAt ? new Date(engine.nextTryAt) : null;
  return (
    <div className="nhsuk-width-container app-width">
      <div className="nhsuk-notification-banner app-banner" role="region" aria-labelledby="engine-banner-title" data-testid="engine-banner">
        <div className="nhsuk-notification-banner__header">
          <h2 className="nhsuk-notification-banner__title" id="engine-banner-title">
            {problem ? 'Not connected' : 'Processing paused'}
          </h2>
        </div>
        <div className="nhsuk-notification-banner__content">
          <p className="nhsuk-notification-banner__heading">{capitalise(message)}</p>
          {next ? (
            <p className="nhsuk-body-s">
              Documents that need the AI service wait in the queue and will carry on by themselves (next try at{' '}
              {next.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}). Nothing is lost.
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
