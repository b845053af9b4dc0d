import type { ReviewFlag } from '../../core';
import { pathLabel } from './fields';
import { KeyHint } from './KeyHint';
import { keyFor } from './keys';

export interface FlagEntry {
  flag: ReviewFlag;
  /** Its place in the record's list of flags (the extractor's order, most important first). */
  index: number;
  open: boolean;
}

export function flagEntryId(index: number): string {
  return `flag-${index}`;
}

/**
 * The top of each record: what the extractor asks staff to check, most important first,
 * each with its reason. Activating one goes to its field with its source highlighted on the
 * page; "Checked" ends it. Ended ones stay, marked done, so staff see what they have covered.
 */
export function ThingsToCheck(props: { entries: FlagEntry[]; current: number | null; onGo(entry: FlagEntry): void; onCheck(entry: FlagEntry): void; error: string | null }) {
  const { entries, current } = props;
  const open = entries.filter((e) => e.open).length;
  return (
    <section aria-labelledby="things-title" className="app-things" data-testid="things-to-check">
      <h2 className="nhsuk-heading-s app-things__title" id="things-title">
        Things to check{' '}
        <span className="app-things__count" data-testid="things-count">
          {entries.length === 0 ? 'none flagged' : open === 0 ? 'all done' : `${open} of ${entries.length} still to check`}
        </span>
      </h2>
      {entries.length === 0 ? (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">The extractor flagged nothing. Check each value against the document before approving.</p>
      ) : (
        <>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
            Press <kbd className="app-key">{keyFor('next-flag').label}</kbd> to go to the next one and <kbd className="app-key">{keyFor('checked').label}</kbd> to mark it checked, or
            change the value.
          </p>
          {props.error ? (
            <p className="nhsuk-error-message" data-testid="check-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {props.error}
            </p>
          ) : null}
          <ol className="nhsuk-list app-things__list">
            {entries.map((e) => {
              const label = pathLabel(e.flag.path);
              const isCurrent = current === e.index;
              return (
                <li
                  key={`${e.flag.path}|${e.flag.code}|${e.index}`}
                  className={`app-things__item ${e.open ? '' : 'app-things__item--done'} ${isCurrent ? 'app-things__item--current' : ''}`.trim()}
                  data-testid="flag"
                  data-path={e.flag.path}
                  data-code={e.flag.code}
                  data-state={e.open ? 'open' : 'done'}
                  data-current={isCurrent ? 'true' : undefined}
                >
                  <div className="app-things__what">
                    <button type="button" className="app-link-button app-things__go" id={flagEntryId(e.index)} aria-current={isCurrent ? 'true' : undefined} onClick={() => props.onGo(e)}>
                      {label}
                    </button>
                    <span className="app-things__reason">{e.flag.reason}</span>
                  </div>
                  {e.open ? (
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                      aria-label={`Mark ${label} as checked`}
                      onClick={() => props.onCheck(e)}
                    >
                      Checked {isCurrent ? <KeyHint label={keyFor('checked').label} /> : null}
                    </button>
                  ) : (
                    <strong className="nhsuk-tag nhsuk-tag--green" data-testid="flag-done">
                      Done
                    </strong>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
