import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, FormGroup } from './FormGroup';

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
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} labelClass={labelClass} groupClass={groupClass}>
      <input
        className={`nhsuk-input ${width ? `nhsuk-input--width-${width}` : ''} ${error ? 'nhsuk-input--error' : ''} ${className ?? ''}`.trim()}
        id={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
    </FormGroup>
  );
}
