import type { ReactNode, SelectHTMLAttributes } from 'react';
import { describedBy, FormGroup } from './FormGroup';

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
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} groupClass={groupClass}>
      <select
        className={`nhsuk-select ${error ? 'nhsuk-select--error' : ''}`.trim()}
        id={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value as T)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
