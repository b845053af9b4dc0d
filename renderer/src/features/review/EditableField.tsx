import { useEffect, useState } from 'react';
import { formatNhsNumber, type ExtractionWarning, type Provenance } from '../../core';
import { LOW_CONFIDENCE } from '../../db/summary';
import { isoToUk } from '../../lib/dates';
import { useUi } from '../../state/ui';
import { checkValue, fieldId, type FieldSpec } from './fields';
import { useRecordContext } from './record-context';

const SEX_OPTIONS = [
  { value: '', label: 'Not recorded' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Not known' },
];

const CATEGORY_OPTIONS = [
  { value: 'repeat', label: 'Repeat' },
  { value: 'acute', label: 'Acute' },
  { value: 'discontinued', label: 'Discontinued' },
];

function display(spec: FieldSpec, value: unknown): string {
  if (typeof value !== 'string') return '';
  if (spec.kind === 'nhs') return formatNhsNumber(value, true);
  if (spec.kind === 'date') return isoToUk(value);
  return value;
}

/**
 * One value of the record. Focusing it shows where it came from on the page. What staff type
 * is checked when they leave the field or press Enter: a valid value is saved as an edit; an
 * invalid one is refused, stays in the box with the reason, and nothing is saved.
 */
export function EditableField(props: {
  spec: FieldSpec;
  path: string;
  value: unknown;
  provenance: Provenance | undefined;
  confidence: number | undefined;
  warnings: ExtractionWarning[];
  label?: string;
  onCommit(value: string | null): Promise<void>;
}) {
  const { spec, path, value, provenance, confidence, warnings } = props;
  const id = fieldId(path);
  const stored = display(spec, value);
  const [draft, setDraft] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  const setActive = useUi((s) => s.setActiveField);
  const context = useRecordContext();
  const { reportFieldError } = context;

  // A saved change (or another edit) updates the box, unless staff are mid-way through typing.
  useEffect(() => {
    setDraft(stored);
    setError(null);
  }, [stored]);

  // The record view refuses approval while a box shows something refused.
  useEffect(() => {
    reportFieldError(path, error);
  }, [reportFieldError, path, error]);
  useEffect(() => () => reportFieldError(path, null), [reportFieldError, path]);

  // The extractor's flags here say why to check it, until staff change it or mark it checked.
  const flagReasons = context.openFlags.get(path) ?? [];
  const done = context.doneFlags.has(path);
  const low = !done && flagReasons.length === 0 && confidence !== undefined && confidence < LOW_CONFIDENCE;
  const shownWarnings = done || flagReasons.length ? [] : warnings;
  const flagged = flagReasons.length > 0 || shownWarnings.length > 0 || low;

  const commit = async (raw: string) => {
    if (raw === stored) {
      setError(null);
      return;
    }
    const checked = checkValue(spec, raw);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setError(null);
    if (checked.value === (typeof value === 'string' ? value : null)) {
      setDraft(stored);
      return;
    }
    await props.onCommit(checked.value);
  };

  /**
   * Escape undoes what was typed; pressed again (nothing typed) it leaves the box, so the
   * record's one-key shortcuts work again.
   */
  const leave = (box: HTMLInputElement | HTMLTextAreaElement) => {
    if (box.value !== stored || error) {
      setDraft(stored);
      setError(null);
    } else {
      box.blur();
    }
  };

  const hintParts: string[] = [];
  if (spec.kind === 'date') hintParts.push('For example, 18/10/1985');
  if (provenance) hintParts.push(`Found on page ${provenance.boxes[0]?.page ?? 1}`);
  else if (value != null && value !== '') hintParts.push('Not found in the document');
  const hintId = `${id}-hint`;
  const flagId = `${id}-flag`;
  const errorId = `${id}-error`;
  const describedBy = [hintParts.length ? hintId : '', flagged ? flagId : '', error ? errorId : ''].filter(Boolean).join(' ');

  const common = {
    id,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': error ? true : undefined,
    onFocus: () => setActive(path),
    'data-path': path,
  } as const;
  // What a typed box (one line or several) shares: the draft, kept on leaving it.
  const typed = {
    spellCheck: false,
    autoComplete: 'off',
    value: draft,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: (e: { target: { value: string } }) => void commit(e.target.value),
  } as const;

  return (
    <div
      className={`nhsuk-form-group app-field ${error ? 'nhsuk-form-group--error' : ''} ${flagged ? 'app-field--flagged' : ''}`.replace(/\s+/g, ' ').trim()}
      data-testid="field"
      data-field={path}
      data-flagged={flagged ? 'true' : 'false'}
    >
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {props.label ?? spec.label}
        {spec.required || spec.kind === 'sex' || spec.kind === 'category' ? null : <span className="app-optional"> (optional)</span>}
      </label>
      {hintParts.length ? (
        <div className="nhsuk-hint app-field__hint" id={hintId}>
          {hintParts.join(' · ')}
        </div>
      ) : null}
      {flagged ? (
        <div className="app-field__flag" id={flagId} data-testid="field-flag">
          <span className="nhsuk-u-visually-hidden">Warning: </span>
          {[...flagReasons, ...shownWarnings.map((w) => w.message)].join(' ')}
          {low ? `${shownWarnings.length ? ' ' : ''}Check this against the document: the extractor was only ${Math.round(confidence! * 100)}% sure.` : ''}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={errorId} data-testid="field-error">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {spec.kind === 'sex' || spec.kind === 'category' ? (
        <select
          {...common}
          className={`nhsuk-select ${error ? 'nhsuk-select--error' : ''}`.trim()}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => void props.onCommit(e.target.value || null)}
        >
          {(spec.kind === 'sex' ? SEX_OPTIONS : CATEGORY_OPTIONS).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : spec.multiline ? (
        <textarea
          {...common}
          className={`nhsuk-textarea app-field__textarea ${error ? 'nhsuk-textarea--error' : ''}`.trim()}
          rows={2}
          {...typed}
          onKeyDown={(e) => {
            // Enter starts a new line here; Ctrl+Enter saves, as Enter does in a one-line box.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void commit(e.currentTarget.value);
            } else if (e.key === 'Escape') leave(e.currentTarget);
          }}
        />
      ) : (
        <input
          {...common}
          className={`nhsuk-input ${spec.width ? `nhsuk-input--width-${spec.width}` : ''} ${spec.kind === 'nhs' ? 'nhsuk-input--code' : ''} ${error ? 'nhsuk-input--error' : ''}`.trim()}
          type="text"
          inputMode={spec.kind === 'nhs' ? 'numeric' : undefined}
          {...typed}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void commit(e.currentTarget.value);
            } else if (e.key === 'Escape') leave(e.currentTarget);
          }}
        />
      )}
    </div>
  );
}
