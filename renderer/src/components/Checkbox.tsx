import type { ReactNode } from 'react';

export function Checkbox(props: {
  id: string;
  checked: boolean;
  onChange(checked: boolean): void;
  children: ReactNode;
  hint?: string;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        className="nhsuk-checkboxes__input"
        id={props.id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={hintId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={props.id}>
        {props.children}
      </label>
      {props.hint ? (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}
