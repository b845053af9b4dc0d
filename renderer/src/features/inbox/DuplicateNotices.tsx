import { href } from '../../state/route';
import { useUi } from '../../state/ui';
import { addFiles, addPicked } from './add-files';

/** "Already here": one notice per duplicate dropped, with the way to the record that exists. */
export function DuplicateNotices() {
  const notices = useUi((s) => s.duplicates);
  const dismiss = useUi((s) => s.dismissDuplicate);
  if (notices.length === 0) return null;
  return (
    <div className="nhsuk-inset-text app-duplicates" role="status" data-testid="duplicate-notices">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">{notices.length === 1 ? 'This document is already here' : `${notices.length} documents are already here`}</h2>
      <ul className="nhsuk-list">
        {notices.map((n) => (
          <li key={n.key} className="app-duplicate">
            <span>
              <strong>{n.fileName}</strong> is the same document as {n.existingName}.{' '}
            </span>
            <a href={href({ screen: 'review', recordId: n.existingId })} onClick={() => dismiss(n.key)}>
              Open the existing record<span className="nhsuk-u-visually-hidden"> for {n.fileName}</span>
            </a>
            {n.again && (
              <button
                type="button"
                className="app-link-button"
                onClick={() => {
                  dismiss(n.key);
                  const again = n.again!;
                  void (again.kind === 'file' ? addFiles([again.file], { processAgain: true }) : addPicked([again.file], { processAgain: true }));
                }}
              >
                Process it again<span className="nhsuk-u-visually-hidden"> ({n.fileName})</span>
              </button>
            )}
            <button type="button" className="app-link-button" onClick={() => dismiss(n.key)}>
              Dismiss<span className="nhsuk-u-visually-hidden"> notice for {n.fileName}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
