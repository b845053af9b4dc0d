import { useRef, useState } from 'react';
import { deleteTemplate, saveTemplates } from '../../db/templates';
import type { TemplateRow } from '../../db/rows';
import { plural } from '../../lib/format';
import { downloadText } from './download';
import { templatesFromJson, templatesToJson } from './template-file';

/** Share saved templates with another computer as a JSON file; bring them in the same way. */
export function TemplateFiles({ saved }: { saved: TemplateRow[] }) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setMessage(null);
    setError(null);
    try {
      const rows = templatesFromJson(await file.text());
      await saveTemplates(rows);
      setMessage(`Imported ${plural(rows.length, 'template')}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'This file could not be imported.');
    }
  };

  return (
    <section aria-labelledby="templates-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="templates-title">
        Saved templates
      </h2>
      {saved.length ? (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {saved.map((t) => (
            <li key={t.id}>
              {t.name}{' '}
              <button type="button" className="app-link-button app-link-button--danger" onClick={() => void deleteTemplate(t.id)}>
                Delete<span className="nhsuk-u-visually-hidden"> template {t.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="nhsuk-body">No saved templates yet.</p>
      )}
      <div className="app-button-row">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          disabled={saved.length === 0}
          onClick={() => downloadText('scr-extract-templates.json', templatesToJson(saved), 'application/json')}
        >
          Export templates as JSON
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => input.current?.click()}>
          Import templates from JSON
        </button>
      </div>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Templates file"
        data-testid="templates-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <div role="status">
        {message ? <p className="nhsuk-body">{message}</p> : null}
        {error ? (
          <p className="nhsuk-error-message">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
