import { getApi } from '../../api';
import { exportFolderErrorText, exportFolderLastText, exportFolderStateText } from './export-folder-wording';
import { FolderControls, useFolderSetting } from './folder-setting';

/**
 * The export folder (issue 11): approved records are also written there as CSV. Its state
 * says the last file written or the last failure, which are main's to tell.
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
        approval is one file), named by date, time and a random code, never the patient. The files use the export’s default template (one row per patient), and their records
        count as exported.
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
