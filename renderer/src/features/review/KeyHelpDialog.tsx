import { useEffect, useRef } from 'react';
import { RECORD_KEYS } from './keys';

/** Every key of the record screen, opened with "?" (or its button); Escape or Close shuts it. */
export function KeyHelpDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby="key-help-title" data-testid="key-help" onClose={onClose}>
      <h2 className="nhsuk-heading-m" id="key-help-title">
        Keyboard shortcuts
      </h2>
      <p className="nhsuk-body-s">They work anywhere on the record screen except while you are typing in a box. Press Escape to leave a box first.</p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Keyboard shortcuts</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {RECORD_KEYS.map((k) => (
            <tr key={k.action}>
              <td>
                <kbd className="app-key">{k.label}</kbd>
              </td>
              <td>{k.what}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd className="app-key">Esc</kbd>
            </td>
            <td>Undo what you typed in a box, or leave the box; close this list</td>
          </tr>
        </tbody>
      </table>
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
