import { useEffect, useState } from 'react';
import { TextField } from '../../components/TextField';
import { useLive } from '../../state/live';

const REFRESH_MS = 3000;

/**
 * A folder chosen in Settings (the watched folder, the export folder): main keeps it and
 * its state, which is read again every few seconds because a drive can go. On the desktop
 * it is chosen in the system's folder dialog; in web mode its path is typed, because a
 * browser can only choose files on its own side, never a folder on the machine SCR
 * Extract runs on.
 */
export function useFolderSetting<S extends { state: string }>(load: () => Promise<{ status: S }>) {
  const [status, setStatus] = useState<S | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const read = () =>
      load()
        .then((r) => live && setStatus(r.status))
        .catch(() => undefined);
    void read();
    const timer = setInterval(() => void read(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // The loader is one API call, fixed for the component's life.
  }, []);

  /** Runs a change (choose, set, turn off) and shows its outcome or its error. */
  const apply = async (work: () => Promise<{ status: S }>): Promise<boolean> => {
    setError(null);
    try {
      setStatus((await work()).status);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The folder could not be set');
      return false;
    }
  };

  return { status, setStatus, on: status !== null && status.state !== 'off', error, setError, apply };
}

export interface FolderControlsText {
  choose: string;
  chooseAnother: string;
  stop: string;
  /** Web mode: the path box and its button. */
  fieldId: string;
  fieldLabel: string;
  fieldHint: string;
  submit: string;
  /** An element (a warning) the choose button should be read with. */
  describedBy?: string;
}

/** The buttons (desktop) or the path box (web mode) that choose, change or turn off a folder. */
export function FolderControls<S extends { state: string }>(props: {
  setting: ReturnType<typeof useFolderSetting<S>>;
  choose: () => Promise<{ status: S }>;
  set: (path: string | null) => Promise<{ status: S }>;
  text: FolderControlsText;
}) {
  const { setting, text } = props;
  const mode = useLive((s) => s.mode);
  const [path, setPath] = useState('');
  const stopButton = setting.on ? (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void setting.apply(() => props.set(null))}>
      {text.stop}
    </button>
  ) : null;

  if (mode === 'desktop') {
    return (
      <>
        {setting.error ? <p className="nhsuk-error-message">{setting.error}</p> : null}
        <div className="app-button-row">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void setting.apply(props.choose)} aria-describedby={text.describedBy}>
            {setting.on ? text.chooseAnother : text.choose}
          </button>
          {stopButton}
        </div>
      </>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!path.trim()) {
          setting.setError('Enter the folder’s full path');
          return;
        }
        void setting.apply(() => props.set(path.trim())).then((ok) => ok && setPath(''));
      }}
    >
      <TextField id={text.fieldId} label={text.fieldLabel} hint={text.fieldHint} width={30} spellCheck={false} autoComplete="off" value={path} onChange={setPath} error={setting.error} />
      <div className="app-button-row">
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          {text.submit}
        </button>
        {stopButton}
      </div>
    </form>
  );
}
