import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getApi } from '../../api';
import { Select } from '../../components/Select';
import type { ExportFolderStatus } from '../../core';
import { listTemplates } from '../../db/templates';
import { BUILTIN_TEMPLATES } from '../../../../main/core/csv/template';
import { exportFolderErrorText, exportFolderLastText, exportFolderStateText, exportFolderTemplateMissingText } from './export-folder-wording';
import { FolderControls, useFolderSetting } from './folder-setting';

/**
 * The export folder (issue 11): approved records are also written there as CSV, with the
 * template chosen here (one the Export screen offers). Its state says the last file written
 * or the last failure, which are main's to tell.
 */
export function ExportFolderSettings() {
  const setting = useFolderSetting(() => getApi().getExportFolder({}));
  const { status } = setting;
  const last = status ? exportFolderLastText(status) : null;
  const failure = status ? exportFolderErrorText(status) : null;

  return (
    <section aria-labelledby="export-folder-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="export-folder-title">
        Export folder
      </h2>
      <p className="nhsuk-body">
        Optionally, approved records are also written as CSV into a folder, for a practice system that picks files up from there: a new file for each approval (a bulk
        approval is one file), named by date, time and a random code, never the patient. The files use the template chosen below (at first the export’s default, one row per
        patient), and their records count as exported.
      </p>
      <div className="nhsuk-inset-text" id="export-folder-warning">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        <p>
          These files hold patients’ details as plain text: they are not encrypted. Choose a folder that only the practice’s staff and its practice system can open, such as a
          protected practice drive, never a shared, synced or cloud folder (Desktop, Downloads, OneDrive).
        </p>
      </div>
      <div role="status" data-testid="export-folder-status">
        <p className="nhsuk-body">{status ? exportFolderStateText(status) : 'Checking…'}</p>
        {last ? (
          <p className="nhsuk-body" data-testid="export-folder-last">
            {last}
          </p>
        ) : null}
        {failure ? (
          <p className="nhsuk-body" data-testid="export-folder-error">
            <strong>{failure}</strong>
          </p>
        ) : null}
      </div>
      {status ? <FolderTemplate status={status} onStatus={setting.setStatus} /> : null}
      <FolderControls
        setting={setting}
        choose={() => getApi().chooseExportFolder({})}
        set={(path) => getApi().setExportFolder({ path })}
        text={{
          choose: 'Choose an export folder',
          chooseAnother: 'Choose another export folder',
          stop: 'Stop writing to a folder',
          fieldId: 'exportFolder',
          fieldLabel: 'Export folder on this computer',
          fieldHint: "Its full path, for example D:\\Practice\\SCR-import or /srv/practice/scr-import. A web browser cannot browse the computer's folders, so type it.",
          submit: 'Write approved records here',
          describedBy: 'export-folder-warning',
        }}
      />
    </section>
  );
}

/**
 * Which template the folder's files are written with: the Export screen's templates, built in
 * and saved. Saved as soon as it is chosen (main keeps it with the folder); a chosen template
 * no longer saved here is shown as such, and nothing is written until another is chosen.
 */
function FolderTemplate(props: { status: ExportFolderStatus; onStatus(status: ExportFolderStatus): void }) {
  const saved = useLiveQuery(listTemplates, [], null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = props.status.template;
  const offered = [...BUILTIN_TEMPLATES, ...(saved ?? [])];
  // Until the saved templates are read, the choice is shown by the name main kept.
  const missing = saved !== null && !offered.some((t) => t.id === chosen.id);
  const options = offered.map((t) => ({ value: t.id, label: t.name }));
  if (!offered.some((t) => t.id === chosen.id)) options.push({ value: chosen.id, label: missing ? `${chosen.name} (no longer saved)` : chosen.name });

  const choose = async (id: string) => {
    const template = offered.find((t) => t.id === id);
    if (!template) return;
    setError(null);
    setDone(null);
    try {
      const { status } = await getApi().setExportFolderTemplate({ template: { id: template.id, name: template.name } });
      props.onStatus(status);
      setDone(`The export folder’s files are now written with “${template.name}”.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The template could not be chosen');
    }
  };

  return (
    <>
      <Select
        id="exportFolderTemplate"
        label="Template for the export folder’s files"
        hint="The templates the Export screen offers, including those saved there. A saved template is used as it is when each file is written."
        value={chosen.id}
        options={options}
        onChange={(id) => void choose(id)}
        error={error ?? (missing ? exportFolderTemplateMissingText(chosen.name) : null)}
      />
      <div role="status" data-testid="export-folder-template-status">
        {done ? <p className="nhsuk-body">{done}</p> : null}
      </div>
    </>
  );
}
