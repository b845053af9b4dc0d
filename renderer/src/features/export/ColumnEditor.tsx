import { useState } from 'react';
import { Checkbox } from '../../components/Checkbox';
import { Radios } from '../../components/Radios';
import { TextField } from '../../components/TextField';
import { DEFAULT_HEADERS, ITEM_FIELDS, PATIENT_FIELDS as CSV_PATIENT_FIELDS } from '../../../../main/core/csv/template';
import { saveTemplates } from '../../db/templates';
import type { TemplateRow } from '../../db/rows';
import { newId } from '../../lib/ids';

type Field = keyof typeof DEFAULT_HEADERS;

/**
 * Adjust the chosen template: which columns, in what order, under what headers, and how
 * dates and NHS numbers are written. Saved as a new template (built-in ones never change),
 * or over a saved one.
 */
export function ColumnEditor(props: { template: TemplateRow; isBuiltIn: boolean; onChange(t: TemplateRow): void; onSaved(id: string): void }) {
  const t = props.template;
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const included = new Set(t.columns.map((c) => c.field));
  const fields: readonly Field[] = t.shape === 'patient' ? CSV_PATIENT_FIELDS : ITEM_FIELDS;
  const available = fields.filter((f) => !included.has(f));
  const label = (field: string) => DEFAULT_HEADERS[field as Field] ?? field;
  const update = (patch: Partial<TemplateRow>) => {
    setMessage(null);
    props.onChange({ ...t, ...patch });
  };
  const move = (index: number, by: -1 | 1) => {
    const columns = [...t.columns];
    const [col] = columns.splice(index, 1);
    columns.splice(index + by, 0, col!);
    update({ columns });
    // Keep the keyboard on the same column's button, now in its new place.
    requestAnimationFrame(() => document.getElementById(`col-${by < 0 ? 'up' : 'down'}-${col!.field}`)?.focus());
  };

  const save = async (asNew: boolean) => {
    const now = Date.now();
    if (asNew) {
      if (!name.trim()) {
        setNameError('Enter a name for the template');
        return;
      }
      setNameError(null);
      const row: TemplateRow = { ...t, id: newId('tpl'), name: name.trim(), createdAt: now, updatedAt: now };
      await saveTemplates([row]);
      setName('');
      props.onSaved(row.id);
      setMessage(`Saved as “${row.name}”.`);
    } else {
      await saveTemplates([{ ...t, updatedAt: now }]);
      setMessage('Template saved.');
    }
  };

  return (
    <details className="nhsuk-details app-section" data-testid="column-editor">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Change columns, dates and NHS number format</span>
      </summary>
      <div className="nhsuk-details__text">
        <Radios
          name="dateFormat"
          legend="Dates"
          inline
          small
          value={t.dateFormat}
          onChange={(v) => update({ dateFormat: v })}
          options={[
            { value: 'uk', label: 'UK (18/10/1985)' },
            { value: 'iso', label: 'ISO (1985-10-18)' },
          ]}
        />
        <Radios
          name="nhsFormat"
          legend="NHS numbers"
          inline
          small
          value={t.nhsFormat}
          onChange={(v) => update({ nhsFormat: v })}
          options={[
            { value: 'plain', label: 'Plain (9998865085)' },
            { value: 'spaced', label: 'Spaced (999 886 5085)' },
          ]}
        />
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <Checkbox id="bom" checked={t.bom} onChange={(bom) => update({ bom })} hint="Needed for Excel on Windows to show accented names correctly.">
              Start the file with a byte-order mark
            </Checkbox>
          </div>
        </div>
        <h2 className="nhsuk-heading-s">Columns in the file</h2>
        <ol className="app-columns" data-testid="template-columns">
          {t.columns.map((c, i) => (
            <li key={c.field} className="app-columns__item">
              <TextField
                id={`col-header-${c.field}`}
                label={`Header for ${label(c.field)}`}
                labelClass="nhsuk-label--s"
                groupClass="nhsuk-u-margin-bottom-0"
                width={20}
                value={c.header}
                onChange={(header) => update({ columns: t.columns.map((x, j) => (j === i ? { ...x, header } : x)) })}
              />
              <div className="app-columns__actions">
                <button type="button" id={`col-up-${c.field}`} className="app-link-button" disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up<span className="nhsuk-u-visually-hidden"> {c.header}</span>
                </button>
                <button type="button" id={`col-down-${c.field}`} className="app-link-button" disabled={i === t.columns.length - 1} onClick={() => move(i, 1)}>
                  Move down<span className="nhsuk-u-visually-hidden"> {c.header}</span>
                </button>
                <button
                  type="button"
                  className="app-link-button app-link-button--danger"
                  disabled={t.columns.length === 1}
                  onClick={() => update({ columns: t.columns.filter((_, j) => j !== i) })}
                >
                  Remove<span className="nhsuk-u-visually-hidden"> column {c.header}</span>
                </button>
              </div>
            </li>
          ))}
        </ol>
        {available.length ? (
          <>
            <h2 className="nhsuk-heading-s">Columns you can add</h2>
            <ul className="nhsuk-list app-columns-add">
              {available.map((field) => (
                <li key={field}>
                  <button type="button" className="app-link-button" onClick={() => update({ columns: [...t.columns, { field, header: label(field) }] })}>
                    Add {label(field)}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <TextField id="template-name" label="Save these choices as a new template" hint="For example, EMIS import" width={30} value={name} onChange={setName} error={nameError} />
        <div className="app-button-row">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void save(true)}>
            Save as new template
          </button>
          {!props.isBuiltIn ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void save(false)}>
              Save changes to “{t.name}”
            </button>
          ) : null}
        </div>
        <p className="nhsuk-body" role="status">
          {message}
        </p>
      </div>
    </details>
  );
}
