import type { ReactNode, SelectHTMLAttributes } from 'react';

export function Select<T extends string>(
  props: {
    id: string;
    label: ReactNode;
    value: T;
    options: { value: T; label: string }[];
    onChange(value: T): void;
    hint?: ReactNode;
    error?: string | null;
    groupClass?: string;
  } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'>,
) {
  const { id, label, value, options, onChange, hint, error, groupClass, ...rest } = props;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group ${error ? 'nhsuk-form-group--error' : ''} ${groupClass ?? ''}`.trim()}>
      <label className="nhsuk-label" htmlFor={id}>
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
      <select
        className={`nhsuk-select ${error ? 'nhsuk-select--error' : ''}`.trim()}
        id={id}
        value={value}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value as T)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
