import type { Ref } from 'react';

/**
 * "Removed problem ‘Asthma’ — Undo", shown where the item was; when earlier removals from
 * the list can be undone too, it says so (they come back one at a time, newest first).
 */
export function UndoNotice({ what, earlier, onUndo, buttonRef }: { what: string; earlier: number; onUndo(): void; buttonRef: Ref<HTMLButtonElement> }) {
  return (
    <div className="app-undo" data-testid="undo-notice">
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        Removed {what}.
        {earlier > 0 ? ` ${earlier === 1 ? 'One earlier removal' : `${earlier} earlier removals`} can be undone after this one.` : ''}
      </p>
      <button type="button" ref={buttonRef} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={onUndo}>
        Undo<span className="nhsuk-u-visually-hidden"> removing {what}</span>
      </button>
    </div>
  );
}
