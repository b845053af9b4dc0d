import type { ReactNode } from 'react';
import { href, type Route } from '../state/route';

const NAV: { screen: Route['screen']; label: string }[] = [
  { screen: 'inbox', label: 'Inbox' },
  { screen: 'review', label: 'Review' },
  { screen: 'export', label: 'Export' },
  { screen: 'activity', label: 'Activity' },
  { screen: 'audit', label: 'Audit' },
  { screen: 'settings', label: 'Settings' },
];

function NhsLogo() {
  return (
    <svg className="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
      <title>NHS</title>
      <path
        fill="currentcolor"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </svg>
  );
}

/**
 * The NHS header. Without `current` it has no navigation (the lock and passphrase screens:
 * nothing to go to until the app is open); `actions` sit beside the user name (Lock).
 */
export function Header({ current, userName, actions }: { current: Route['screen'] | null; userName: string; actions?: ReactNode }) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container app-width">
        <div className="nhsuk-header__service">
          <a className="nhsuk-header__service-logo" href={href({ screen: 'inbox' })} aria-label="SCR Extract inbox">
            <NhsLogo />
          </a>
          <span className="nhsuk-header__service-name">SCR Extract</span>
        </div>
        {userName ? (
          <p className="app-header__user">
            <span className="nhsuk-u-visually-hidden">Signed in as </span>
            {userName}
          </p>
        ) : null}
        {actions}
      </div>
      {current === null ? null : (
        <nav className="nhsuk-header__navigation" aria-label="Main">
          <div className="nhsuk-header__navigation-container nhsuk-width-container app-width">
            <ul className="nhsuk-header__navigation-list">
              {NAV.map((item) => {
                const here = item.screen === current;
                return (
                  <li key={item.screen} className={`nhsuk-header__navigation-item ${here ? 'nhsuk-header__navigation-item--current' : ''}`.trim()}>
                    <a className="nhsuk-header__navigation-link" href={href(item.screen === 'review' ? { screen: 'review', recordId: null } : ({ screen: item.screen } as Route))} aria-current={here ? 'page' : undefined}>
                      {here ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.label}</strong> : item.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}
