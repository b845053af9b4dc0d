import type { InputHTMLAttributes, ReactNode } from 'react';

/** The NHS text input with label, hint and error message wired to it for screen readers. */
export function TextField(
  props: {
    id: string;
    label: ReactNode;
    value: string;
    onChange(value: string): void;
    hint?: ReactNode;
    error?: string | null;
    width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
    labelClass?: string;
    groupClass?: string;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'width'>,
) {
  const { id, label, value, onChange, hint, error, width, labelClass, groupClass, className, ...rest } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
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
      <input
        className={`nhsuk-input ${width ? `nhsuk-input--width-${width}` : ''} ${error ? 'nhsuk-input--error' : ''} ${className ?? ''}`.trim()}
        id={id}
        value={value}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
    </div>
  );
}
