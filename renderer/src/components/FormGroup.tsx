import type { ReactNode } from 'react';

/** The ids of a field's hint and error, for its aria-describedby. */
export function describedBy(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** An NHS form group: the label, then the hint and the error message, then the control. */
export function FormGroup(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelClass?: string;
  groupClass?: string;
  children: ReactNode;
}) {
  const { id, label, hint, error, labelClass, groupClass, children } = props;
  return (
    <div className={`nhsuk-form-group ${error ? 'nhsuk-form-group--error' : ''} ${groupClass ?? ''}`.trim()}>
      <label className={`nhsuk-label ${labelClass ?? ''}`.trim()} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}
