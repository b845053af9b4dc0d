import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import { TextField } from '../../components/TextField';
import type { ExportFolderStatus } from '../../core';
import { useLive } from '../../state/live';
import { exportFolderErrorText, exportFolderLastText, exportFolderStateText } from './export-folder-wording';

const REFRESH_MS = 3000;

/**
 * The export folder (issue 11), beside the watched folder and chosen the same way: the
 * system's folder dialog on the desktop, a typed path in web mode (a browser cannot choose
 * a folder on the machine SCR Extract runs on). Its state is read again every few seconds:
 * a drive can go, and the last file written or the last failure is main's to tell.
 */
export function ExportFolderSettings() {
  const mode = useLive((s) => s.mode);
  const [status, setStatus] = useState<ExportFolderStatus | null>(null);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      getApi()
        .getExportFolder({})
        .then((r) => live && setStatus(r.status))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const apply = async (work: () => Promise<{ status: ExportFolderStatus }>) => {
    setError(null);
    try {
      const r = await work();
      setStatus(r.status);
      setPath('');
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The folder could not be set');
    }
  };

  const on = status !== null && status.state !== 'off';
  const last = status ? exportFolderLastText(status) : null;
  const failure = status ? exportFolderErrorText(status) : null;
  const stopButton = on ? (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void apply(() => getApi().setExportFolder({ path: null }))}>
      Stop writing to a folder
    </button>
  ) : null;

  return (
    <section aria-labelledby="export-folder-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="export-folder-title">
        Export folder
      </h2>
      <p className="nhsuk-body">
        Optionally, approved records are also written as CSV into a folder, for a practice system that picks files up from there: a new file for each approval (a bulk
        approval is one file), named by date, time and a random code, never the patient. The files use the export’s default template (one row per patient), and their records
        count as exported.
      </p>
      <div className="nhsuk-inset-text" id="export-folder-warning">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        <p>
          These files hold patients’ details as plain text: they are not encrypted. Choose a folder that only the practice’s staff and its practice system can open, such as a
          protected practice drive, never a shared, synced or cloud folder (Desktop, Downloads, OneDrive).
        </p>
      </div>
      <div role="status" data-testid="export-folder-status">
        <p className="nhsuk-body">{status ? exportFolderStateText(status) : 'Checking…'}</p>
        {last ? (
          <p className="nhsuk-body" data-testid="export-folder-last">
            {last}
          </p>
        ) : null}
        {failure ? (
          <p className="nhsuk-body" data-testid="export-folder-error">
            <strong>{failure}</strong>
          </p>
        ) : null}
      </div>
      {mode === 'desktop' ? (
        <>
          {error ? <p className="nhsuk-error-message">{error}</p> : null}
          <div className="app-button-row">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void apply(() => getApi().chooseExportFolder({}))} aria-describedby="export-folder-warning">
              {on ? 'Choose another export folder' : 'Choose an export folder'}
            </button>
            {stopButton}
          </div>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!path.trim()) {
              setError('Enter the folder’s full path');
              return;
            }
            void apply(() => getApi().setExportFolder({ path: path.trim() }));
          }}
        >
          <TextField
            id="exportFolder"
            label="Export folder on this computer"
            hint="Its full path, for example D:\Practice\SCR-import or /srv/practice/scr-import. A web browser cannot browse the computer's folders, so type it."
            width={30}
            spellCheck={false}
            autoComplete="off"
            value={path}
            onChange={setPath}
            error={error}
          />
          <div className="app-button-row">
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Write approved records here
            </button>
            {stopButton}
          </div>
        </form>
      )}
    </section>
  );
}
