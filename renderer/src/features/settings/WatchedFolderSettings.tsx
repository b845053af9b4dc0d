import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import { TextField } from '../../components/TextField';
import type { WatchStatus } from '../../core';
import { useLive } from '../../state/live';
import { watchStatusText } from './watched-folder-wording';

const REFRESH_MS = 3000;

/**
 * The watched folder. On the desktop it is chosen in the system's folder dialog; in web mode
 * its path is typed, because a browser can only choose files on its own side, never a folder
 * on the machine SCR Extract runs on.
 */
export function WatchedFolderSettings() {
  const mode = useLive((s) => s.mode);
  const [status, setStatus] = useState<WatchStatus | null>(null);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      getApi()
        .getWatchedFolder({})
        .then((r) => live && setStatus(r.status))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const apply = async (work: () => Promise<{ status: WatchStatus }>) => {
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
  const stopButton = on ? (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void apply(() => getApi().setWatchedFolder({ path: null }))}>
      Stop watching
    </button>
  ) : null;

  return (
    <section aria-labelledby="watched-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="watched-title">
        Watched folder
      </h2>
      <p className="nhsuk-body">
        Choose a folder, for example where the scanner or your browser saves Summary Care Records. Each PDF saved into it is added to the inbox by itself, as if it had been
        dropped here.
      </p>
      <p className="nhsuk-body" role="status" data-testid="watched-status">
        {status ? watchStatusText(status) : 'Checking…'}
      </p>
      {mode === 'desktop' ? (
        <>
          {error ? <p className="nhsuk-error-message">{error}</p> : null}
          <div className="app-button-row">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void apply(() => getApi().chooseWatchedFolder({}))}>
              {on ? 'Choose another folder' : 'Choose a folder'}
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
            void apply(() => getApi().setWatchedFolder({ path: path.trim() }));
          }}
        >
          <TextField
            id="watchedFolder"
            label="Folder on this computer"
            hint="Its full path, for example C:\Scans\SCR or /home/practice/scr-inbox. A web browser cannot browse the computer's folders, so type it."
            width={30}
            spellCheck={false}
            autoComplete="off"
            value={path}
            onChange={setPath}
            error={error}
          />
          <div className="app-button-row">
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Watch this folder
            </button>
            {stopButton}
          </div>
        </form>
      )}
    </section>
  );
}
