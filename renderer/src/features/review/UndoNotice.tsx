import type { Ref } from 'react';

/** "Removed problem ‘Asthma’ — Undo", shown where the item was. */
export function UndoNotice({ what, onUndo, buttonRef }: { what: string; onUndo(): void; buttonRef: Ref<HTMLButtonElement> }) {
  return (
    <div className="app-undo" data-testid="undo-notice">
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">Removed {what}.</p>
      <button type="button" ref={buttonRef} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={onUndo}>
        Undo<span className="nhsuk-u-visually-hidden"> removing {what}</span>
      </button>
    </div>
  );
}
