import { getApi } from '../../api';
import { FolderControls, useFolderSetting } from './folder-setting';
import { watchStatusText } from './watched-folder-wording';

/** The watched folder: each PDF saved into it is added to the inbox as if dropped. */
export function WatchedFolderSettings() {
  const setting = useFolderSetting(() => getApi().getWatchedFolder({}));
  const { status } = setting;

  return (
    <section aria-labelledby="watched-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="watched-title">
        Watched folder
      </h2>
      <p className="nhsuk-body">
        Choose a folder, for example where the scanner or your browser saves Summary Care Records. Each PDF saved into it is added to the inbox by itself, as if it had been
        dropped here.
      </p>
      <p className="nhsuk-body" role="status" data-testid="watched-status">
        {status ? watchStatusText(status) : 'Checking…'}
      </p>
      <FolderControls
        setting={setting}
        choose={() => getApi().chooseWatchedFolder({})}
        set={(path) => getApi().setWatchedFolder({ path })}
        text={{
          choose: 'Choose a folder',
          chooseAnother: 'Choose another folder',
          stop: 'Stop watching',
          fieldId: 'watchedFolder',
          fieldLabel: 'Folder on this computer',
          fieldHint: "Its full path, for example C:\\Scans\\SCR or /home/practice/scr-inbox. A web browser cannot browse the computer's folders, so type it.",
          submit: 'Watch this folder',
        }}
      />
    </section>
  );
}
