import type { ReactNode } from 'react';
import { KeyHint } from './KeyHint';
import { keyFor, type ReviewAction } from './keys';

function Action(props: { action: ReviewAction; onRun(): void; primary?: boolean; disabled?: boolean; children: ReactNode; testId?: string }) {
  const key = keyFor(props.action);
  return (
    <button
      type="button"
      className={`nhsuk-button ${props.primary ? '' : 'nhsuk-button--secondary'} nhsuk-u-margin-bottom-0 app-actions__button`.trim()}
      aria-keyshortcuts={key.key === '?' ? 'Shift+?' : key.key.toUpperCase()}
      aria-disabled={props.disabled ? 'true' : undefined}
      data-testid={props.testId}
      onClick={props.onRun}
    >
      {props.children} <KeyHint label={key.label} />
    </button>
  );
}

/**
 * The record's actions, kept in view at the foot of the window however long the record is,
 * each with its key beside it.
 */
export function ActionBar(props: {
  approved: boolean;
  openFlags: number;
  onApprove(): void;
  onReopen(): void;
  onNext(): void;
  onPrevious(): void;
  onNextFlag(): void;
  onHelp(): void;
}) {
  return (
    <div className="app-actions" role="region" aria-label="Record actions" data-testid="action-bar">
      <div className="app-actions__inner">
        {props.approved ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" onClick={props.onReopen}>
            Mark as needs review
          </button>
        ) : (
          <Action action="approve" primary onRun={props.onApprove} testId="approve">
            Approve and next
          </Action>
        )}
        <Action action="next-flag" onRun={props.onNextFlag} disabled={props.openFlags === 0} testId="next-flag">
          Next thing to check
        </Action>
        <Action action="previous-record" onRun={props.onPrevious} testId="previous-record">
          Previous record
        </Action>
        <Action action="next-record" onRun={props.onNext} testId="next-record">
          Next record
        </Action>
        <Action action="help" onRun={props.onHelp} testId="key-help-open">
          Keyboard shortcuts
        </Action>
      </div>
    </div>
  );
}
