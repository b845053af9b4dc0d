import { useEffect, useState } from 'react';
import { getApi } from '../../api';
import { TextField } from '../../components/TextField';
import type { ProviderTestStatus } from '../../core';
import { useLive } from '../../state/live';
import { keySavedMessage, whereKeyIsKept } from './key-wording';

const TEST_TITLE: Record<ProviderTestStatus, string> = {
  reachable: 'Connected',
  'auth-rejected': 'The key was refused',
  'model-missing': 'The model was not found',
  'no-structured-output': 'The service cannot give structured answers',
  unreachable: 'The service could not be reached',
  'not-configured': 'No AI service is set up',
};

/**
 * The AI key is write-only: it goes to main, which keeps it (sealed by the OS on the desktop,
 * in memory for the session in web mode: see key-wording.ts). This screen never receives it
 * back, only whether one is saved.
 */
export function ProviderKeyForm() {
  const [hasKey, setHasKey] = useState<boolean | null>(null);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [test, setTest] = useState<{ status: ProviderTestStatus; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const connected = useLive((s) => s.connected);
  // The mode main reported (getSessionInfo), so the wording is true for this way of running.
  const mode = useLive((s) => s.mode);
  const [persisted, setPersisted] = useState<boolean | null>(null);

  useEffect(() => {
    if (connected) void getApi().hasProviderKey({}).then((r) => setHasKey(r.hasKey));
  }, [connected]);

  const saveKey = async () => {
    setMessage(null);
    if (!key.trim()) {
      setError('Enter the key');
      return;
    }
    setError(null);
    let r;
    try {
      r = await getApi().setProviderKey({ key: key.trim() });
    } catch (err) {
      // Main keeps a key only for a chosen, allowed service address: say why it refused.
      setError(err instanceof Error ? err.message : 'The key could not be saved');
      return;
    }
    setKey('');
    setHasKey(r.hasKey);
    setPersisted(r.persisted ?? null);
    setMessage(keySavedMessage(mode, r.persisted));
  };

  const clearKey = async () => {
    const r = await getApi().clearProviderKey({});
    setHasKey(r.hasKey);
    setMessage('Key removed.');
  };

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await getApi().testProvider({}));
    } finally {
      setTesting(false);
    }
  };

  return (
    <section aria-labelledby="key-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="key-title">
        AI service key
      </h2>
      <p className="nhsuk-body" data-testid="key-state">
        {hasKey === null ? 'Checking…' : hasKey ? 'A key is saved.' : 'No key is saved.'}
      </p>
      <p className="nhsuk-body" data-testid="key-kept">
        {whereKeyIsKept(mode, persisted)}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveKey();
        }}
      >
        <TextField
          id="providerKey"
          label={hasKey ? 'Replace the key' : 'Key'}
          hint="Paste the key from your AI service. It will not be shown again."
          type="password"
          autoComplete="off"
          spellCheck={false}
          width={30}
          value={key}
          onChange={setKey}
          error={error}
        />
        <div className="app-button-row">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Save key
          </button>
          {hasKey ? (
            <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => void clearKey()}>
              Remove key
            </button>
          ) : null}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={testing} onClick={() => void runTest()}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      </form>
      <div role="status">
        {message ? <p className="nhsuk-body">{message}</p> : null}
        {test ? (
          <div className={test.status === 'reachable' ? 'nhsuk-inset-text' : 'nhsuk-warning-callout'} data-testid="provider-test">
            {test.status === 'reachable' ? (
              <p>
                <strong>{TEST_TITLE[test.status]}.</strong> {test.message}
              </p>
            ) : (
              <>
                <h3 className="nhsuk-warning-callout__label">
                  <span role="text">
                    <span className="nhsuk-u-visually-hidden">Important: </span>
                    {TEST_TITLE[test.status]}
                  </span>
                </h3>
                <p>{test.message}</p>
              </>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}
