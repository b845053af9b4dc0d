import { useState, type ReactNode } from 'react';
import { ApiCallError } from '../../api';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { TextField } from '../../components/TextField';

/**
 * A form for one or two secrets (a passphrase and its confirmation, a passcode): checked
 * here first, then `submit` (main's answer: a wrong secret, or how long to wait) shown
 * in the NHS error summary. The fields are cleared after every attempt, so a secret never
 * sits in the page longer than it takes to send it.
 */
export interface SecretField {
  id: string;
  label: string;
  hint?: ReactNode;
  autoComplete: 'new-password' | 'current-password' | 'off';
}

export function SecretForm(props: {
  fields: SecretField[];
  button: string;
  check(values: string[]): SummaryError[];
  submit(values: string[]): Promise<void>;
  testId?: string;
  autoFocus?: boolean;
}) {
  const [values, setValues] = useState<string[]>(props.fields.map(() => ''));
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    const found = props.check(values);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await props.submit(values);
    } catch (err) {
      const message = err instanceof ApiCallError ? err.message : 'Something went wrong. Try again.';
      setErrors([{ target: props.fields[0]!.id, message }]);
    } finally {
      setBusy(false);
      setValues(props.fields.map(() => ''));
    }
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      <form
        noValidate
        data-testid={props.testId}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {props.fields.map((f, i) => (
          <TextField
            key={f.id}
            id={f.id}
            label={f.label}
            hint={f.hint}
            type="password"
            width={20}
            autoComplete={f.autoComplete}
            spellCheck={false}
            autoFocus={props.autoFocus && i === 0}
            value={values[i]!}
            onChange={(v) => setValues(values.map((old, j) => (j === i ? v : old)))}
            error={errors.find((e) => e.target === f.id)?.message ?? null}
          />
        ))}
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {busy ? 'Checking…' : props.button}
        </button>
      </form>
    </>
  );
}
