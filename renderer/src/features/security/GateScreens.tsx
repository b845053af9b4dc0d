import { useState } from 'react';
import { linkWasRefused } from '../../api';
import { Footer } from '../../components/Footer';
import { Header } from '../../components/Header';
import { PASSPHRASE_MIN_LENGTH } from '../../../../main/core/contract/security';
import { useLive } from '../../state/live';
import { useSecurity } from '../../state/security';
import { choosePassphrase, discardUnreadable, enterPassphrase, recheck, unlock } from './gate';
import { SecretForm } from './SecretForm';
import { WarningCallout } from '../../components/WarningCallout';

/**
 * What shows while the app is not open: nothing from the records, no navigation, only the
 * way in. One screen per phase of features/security/gate.ts.
 */
export function GateScreens() {
  const phase = useSecurity((s) => s.phase);
  const userName = useLive((s) => s.userName);
  const version = useLive((s) => s.version);
  const mode = useLive((s) => s.mode);
  return (
    <>
      <Header current={null} userName={userName} />
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds" data-testid={`gate-${phase}`}>
              <Phase phase={phase} />
            </div>
          </div>
        </main>
      </div>
      <Footer version={version} mode={mode} />
    </>
  );
}

function Phase({ phase }: { phase: ReturnType<typeof useSecurity.getState>['phase'] }) {
  switch (phase) {
    case 'set-passphrase':
      return <SetPassphrase />;
    case 'enter-passphrase':
      return <EnterPassphrase />;
    case 'locked':
      return <Locked />;
    case 'key-mismatch':
      return <KeyMismatch />;
    case 'key-problem':
      return <KeyProblem />;
    case 'unreachable':
      return <Unreachable />;
    case 'signed-out':
      return <SignedOut />;
    case 'starting':
    case 'open':
      return <h1>Opening SCR Extract</h1>;
  }
}

function SetPassphrase() {
  return (
    <>
      <h1>Choose a passphrase</h1>
      <p className="nhsuk-body">
        SCR Extract keeps the documents and records on this computer encrypted. In a web browser they are opened with a passphrase: choose it now, and type it each
        time SCR Extract starts.
      </p>
      <WarningCallout title="Keep it safe">
        <p>If the passphrase is lost, the records cannot be opened by anyone, including your IT supplier. Tell it only to the people who use SCR Extract.</p>
      </WarningCallout>
      <SecretForm
        testId="set-passphrase-form"
        autoFocus
        fields={[
          { id: 'new-passphrase', label: 'Passphrase', hint: `At least ${PASSPHRASE_MIN_LENGTH} characters. A few words are easier to remember than a short password.`, autoComplete: 'off' },
          { id: 'confirm-passphrase', label: 'Type the passphrase again', autoComplete: 'off' },
        ]}
        button="Save passphrase and continue"
        check={([first, second]) => {
          if ((first ?? '').length < PASSPHRASE_MIN_LENGTH) return [{ target: 'new-passphrase', message: `Enter a passphrase of at least ${PASSPHRASE_MIN_LENGTH} characters` }];
          if (first !== second) return [{ target: 'confirm-passphrase', message: 'The two passphrases are not the same' }];
          return [];
        }}
        submit={([first]) => choosePassphrase(first!)}
      />
    </>
  );
}

function EnterPassphrase() {
  return (
    <>
      <h1>Enter the passphrase</h1>
      <p className="nhsuk-body">The documents and records on this computer are encrypted. Enter the passphrase to open them.</p>
      <SecretForm
        testId="enter-passphrase-form"
        autoFocus
        fields={[{ id: 'passphrase', label: 'Passphrase', autoComplete: 'off' }]}
        button="Open SCR Extract"
        check={([value]) => (value ? [] : [{ target: 'passphrase', message: 'Enter the passphrase' }])}
        submit={([value]) => enterPassphrase(value!)}
      />
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Forgotten the passphrase?</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>
            Nobody can open the records without it. Your IT lead can start SCR Extract again with an empty store, after which it asks for a new passphrase and offers to
            delete the records it can no longer read.
          </p>
        </div>
      </details>
    </>
  );
}

function Locked() {
  const wait = useSecurity((s) => s.security?.waitSeconds ?? 0);
  return (
    <>
      <h1>SCR Extract is locked</h1>
      <p className="nhsuk-body">Records are hidden while SCR Extract is locked. Documents carry on being read in the background.</p>
      {wait > 0 ? <p className="nhsuk-body">After several wrong passcodes, wait {wait} seconds before trying again.</p> : null}
      <SecretForm
        testId="unlock-form"
        autoFocus
        fields={[{ id: 'passcode', label: 'Passcode', autoComplete: 'off' }]}
        button="Unlock"
        check={([value]) => ((value ?? '').length >= 1 ? [] : [{ target: 'passcode', message: 'Enter the passcode' }])}
        submit={([value]) => unlock(value!)}
      />
    </>
  );
}

function KeyMismatch() {
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <>
      <h1>The records in this browser cannot be opened</h1>
      <p className="nhsuk-body">
        They were encrypted with a key that SCR Extract no longer has (its data folder was reset or changed). They cannot be read by anyone. To carry on, delete them;
        documents can then be added again.
      </p>
      {failed ? <p className="nhsuk-error-message">They could not be deleted. Close the browser tab and try again.</p> : null}
      {confirming ? (
        <div className="app-button-row">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--warning"
            onClick={() => {
              setFailed(false);
              void discardUnreadable().catch(() => setFailed(true));
            }}
          >
            Yes, delete the unreadable records
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => setConfirming(true)}>
          Delete the unreadable records
        </button>
      )}
    </>
  );
}

function KeyProblem() {
  return (
    <>
      <h1>The records on this computer cannot be opened</h1>
      <p className="nhsuk-body">
        They are encrypted with a key that only the Windows (or macOS, or Linux) account that set up SCR Extract can open. This happens when the SCR Extract folder has
        been copied from another account or computer.
      </p>
      <p className="nhsuk-body">Tell your IT lead. Nothing has been deleted.</p>
    </>
  );
}

/**
 * Web mode without a valid sign-in. The server is running (it answered): what is missing is
 * the link it printed, which signs this browser in.
 */
function SignedOut() {
  return (
    <>
      <h1>Open the link that SCR Extract printed</h1>
      {linkWasRefused() ? (
        <p className="nhsuk-body">
          The link you opened is from an earlier start of SCR Extract and no longer works. Each start prints a new one.
        </p>
      ) : null}
      <p className="nhsuk-body">
        SCR Extract is running, but this page is not signed in to it. In the window where <code>npm start</code> was run, find the line that starts
        &ldquo;SCR Extract (web mode) is running. Open&rdquo; and open the link on it (it starts <code>http://127.0.0.1:</code> and ends with a long token).
        You can paste it into this tab.
      </p>
      <p className="nhsuk-body">If SCR Extract was started again, use the newest link: earlier ones stop working.</p>
    </>
  );
}

function Unreachable() {
  return (
    <>
      <h1>SCR Extract is not responding</h1>
      <p className="nhsuk-body">The part of SCR Extract that keeps the encryption key could not be reached. Check it is still running, then try again.</p>
      <button type="button" className="nhsuk-button" onClick={() => void recheck()}>
        Try again
      </button>
    </>
  );
}
