import { href } from '../../state/route';
import { plural } from '../../lib/format';
import { useExportFolderNotice } from './export-folder-notice';

/**
 * Says, on every screen, that approved records could not be written to the export folder,
 * and that nothing is lost: they stay approved and not exported. Stays until dismissed.
 */
export function ExportFolderNotice() {
  const problem = useExportFolderNotice((s) => s.problem);
  const dismiss = useExportFolderNotice((s) => s.dismiss);
  if (!problem) return null;
  return (
    <div className="nhsuk-width-container app-width">
      <div className="nhsuk-error-summary" aria-labelledby="export-folder-notice-title" role="alert" tabIndex={-1} data-testid="export-folder-notice">
        <h2 className="nhsuk-error-summary__title" id="export-folder-notice-title">
          {plural(problem.count, 'approved record')} could not be written to the export folder
        </h2>
        <div className="nhsuk-error-summary__body">
          <p>{problem.message}</p>
          <p>
            {problem.count === 1 ? 'It is' : 'They are'} still approved and not marked as exported, so the next export from the <a href={href({ screen: 'export' })}>Export screen</a>{' '}
            includes {problem.count === 1 ? 'it' : 'them'}. <a href={href({ screen: 'settings' })}>Settings</a> shows the export folder’s state.
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      </div>
    </div>
  );
}
