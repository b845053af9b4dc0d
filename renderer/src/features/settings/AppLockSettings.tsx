import { useState } from 'react';
import { getApi } from '../../api';
import { TextField } from '../../components/TextField';
import { PASSCODE_MIN_LENGTH } from '../../../../main/core/contract/security';
import { mirrorSettings } from '../../db/settings-mirror';
import { useSecurity } from '../../state/security';
import { SecretForm } from '../security/SecretForm';

/**
 * The app lock: a passcode (kept by main as a slow salted hash, never shown or sent back)
 * and how long the app may sit unused before it locks itself.
 */
export function AppLockSettings() {
  const security = useSecurity((s) => s.security);
  const enabled = security?.lockEnabled ?? false;
  const [message, setMessage] = useState<string | null>(null);

  const setPasscode = async (passcode: string | null, current?: string) => {
    const res = await getApi().setLockPasscode(current === undefined ? { passcode } : { passcode, current });
    useSecurity.setState({ security: res.security });
    setMessage(passcode === null ? 'Passcode removed. SCR Extract no longer locks itself.' : 'Passcode saved.');
  };

  const newPasscodeChecks = (first: string | undefined, second: string | undefined, firstId: string, secondId: string) => {
    if ((first ?? '').length < PASSCODE_MIN_LENGTH) return [{ target: firstId, message: `Enter a passcode of at least ${PASSCODE_MIN_LENGTH} characters` }];
    if (first !== second) return [{ target: secondId, message: 'The two passcodes are not the same' }];
    return [];
  };

  return (
    <section aria-labelledby="lock-title" className="app-section" data-testid="app-lock-settings">
      <h2 className="nhsuk-heading-m" id="lock-title">
        App lock
      </h2>
      <p className="nhsuk-body">
        With a passcode set, SCR Extract locks itself after a time without use, and when someone chooses Lock at the top of the page. While it is locked it shows nothing
        from the records.
      </p>
      <div role="status">{message ? <p className="nhsuk-body">{message}</p> : null}</div>
      {!enabled ? (
        <SecretForm
          testId="set-passcode-form"
          fields={[
            { id: 'new-passcode', label: 'Passcode', hint: `At least ${PASSCODE_MIN_LENGTH} characters.`, autoComplete: 'off' },
            { id: 'confirm-passcode', label: 'Type the passcode again', autoComplete: 'off' },
          ]}
          button="Set passcode"
          check={([a, b]) => newPasscodeChecks(a, b, 'new-passcode', 'confirm-passcode')}
          submit={([a]) => setPasscode(a!)}
        />
      ) : (
        <>
          <IdleMinutes minutes={security?.idleMinutes ?? 30} onSaved={setMessage} />
          <h3 className="nhsuk-heading-s">Change the passcode</h3>
          <SecretForm
            testId="change-passcode-form"
            fields={[
              { id: 'current-passcode', label: 'Current passcode', autoComplete: 'off' },
              { id: 'changed-passcode', label: 'New passcode', hint: `At least ${PASSCODE_MIN_LENGTH} characters.`, autoComplete: 'off' },
              { id: 'confirm-changed-passcode', label: 'Type the new passcode again', autoComplete: 'off' },
            ]}
            button="Change passcode"
            check={([current, a, b]) => (current ? newPasscodeChecks(a, b, 'changed-passcode', 'confirm-changed-passcode') : [{ target: 'current-passcode', message: 'Enter the current passcode' }])}
            submit={([current, a]) => setPasscode(a!, current!)}
          />
          <h3 className="nhsuk-heading-s">Stop using the lock</h3>
          <SecretForm
            testId="remove-passcode-form"
            fields={[{ id: 'remove-passcode', label: 'Current passcode', autoComplete: 'off' }]}
            button="Remove passcode"
            check={([current]) => (current ? [] : [{ target: 'remove-passcode', message: 'Enter the current passcode' }])}
            submit={([current]) => setPasscode(null, current!)}
          />
        </>
      )}
    </section>
  );
}

function IdleMinutes({ minutes, onSaved }: { minutes: number; onSaved(message: string): void }) {
  const [value, setValue] = useState(String(minutes));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(value.trim());
        if (!/^\d+$/.test(value.trim()) || n < 1 || n > 480) {
          setError('Minutes must be a whole number from 1 to 480');
          return;
        }
        setError(null);
        void (async () => {
          try {
            const current = (await getApi().getSettings({})).settings;
            const res = await getApi().updateSettings({ settings: { lock: { ...current.lock, idleMinutes: n } } });
            await mirrorSettings(res.settings);
            const { security } = await getApi().getSecurityState({});
            useSecurity.setState({ security });
            onSaved(`SCR Extract now locks after ${n} minute${n === 1 ? '' : 's'} without use.`);
          } catch {
            setError('The time could not be saved. Try again.');
          }
        })();
      }}
    >
      <TextField id="idleMinutes" label="Minutes without use before it locks" width={3} inputMode="numeric" value={value} onChange={setValue} error={error} />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Save
      </button>
    </form>
  );
}
