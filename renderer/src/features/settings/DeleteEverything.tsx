import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '../../db/database';
import { plural } from '../../lib/format';
import { deleteEverything } from '../security/gate';
import { WarningCallout } from '../../components/WarningCallout';

/**
 * Delete everything, with a second step that says what will go. Main records it in the
 * audit trail and replaces the encryption key, so nothing left on disk can be read.
 */
export function DeleteEverything() {
  const documents = useLiveQuery(() => db().documents.count(), [], 0);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      await deleteEverything();
      setStatus('Everything has been deleted from this computer.');
    } catch {
      setStatus('Not everything could be deleted. Try again; if it keeps failing, tell your IT lead.');
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section aria-labelledby="delete-title" className="app-section" data-testid="delete-everything">
      <h2 className="nhsuk-heading-m" id="delete-title">
        Delete everything
      </h2>
      <p className="nhsuk-body">
        Deletes every document, PDF, record and change history from this computer at once, with the key that encrypted them. The audit trail, settings, export templates
        and the AI service key are kept.
      </p>
      <div role="status" data-testid="delete-status">
        {status ? <p className="nhsuk-body">{status}</p> : null}
      </div>
      {confirming ? (
        <WarningCallout title="This cannot be undone" heading="h3" testId="delete-confirm">
          <p>{plural(documents, 'document')} and everything taken from them will be deleted. Records not yet exported will be lost.</p>
          <div className="app-button-row">
            <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={busy} onClick={() => void run()}>
              {busy ? 'Deleting…' : 'Yes, delete everything'}
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </WarningCallout>
      ) : (
        <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => setConfirming(true)}>
          Delete everything
        </button>
      )}
    </section>
  );
}
