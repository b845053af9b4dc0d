import { useEffect, useRef } from 'react';

export interface SummaryError {
  /** The id of the input to move focus to. */
  target: string;
  message: string;
}

/** The NHS error summary: takes focus when it appears, each error links to its field. */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: SummaryError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((e) => (
            <li key={e.target + e.message}>
              <a
                href={`#${e.target}`}
                onClick={(ev) => {
                  // The URL hash addresses screens, so move focus without touching it.
                  ev.preventDefault();
                  document.getElementById(e.target)?.focus();
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
