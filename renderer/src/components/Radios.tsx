import type { ReactNode } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  label: ReactNode;
  hint?: string;
}

export function Radios<T extends string>(props: {
  name: string;
  legend: ReactNode;
  legendSize?: 's' | 'm';
  value: T;
  options: RadioOption<T>[];
  onChange(value: T): void;
  inline?: boolean;
  small?: boolean;
  hint?: string;
}) {
  const cls = ['nhsuk-radios', props.inline ? 'nhsuk-radios--inline' : '', props.small ? 'nhsuk-radios--small' : ''].join(' ').trim();
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby={hintId}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${props.legendSize ?? 's'}`}>{props.legend}</legend>
        {props.hint ? (
          <div className="nhsuk-hint" id={hintId}>
            {props.hint}
          </div>
        ) : null}
        <div className={cls}>
          {props.options.map((o) => {
            const id = `${props.name}-${o.value.replace(/[^a-z0-9]+/gi, '-')}`;
            return (
              <div className="nhsuk-radios__item" key={o.value}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name={props.name}
                  type="radio"
                  value={o.value}
                  checked={props.value === o.value}
                  onChange={() => props.onChange(o.value)}
                  aria-describedby={o.hint ? `${id}-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
