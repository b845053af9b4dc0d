import { useLiveQuery } from 'dexie-react-hooks';
import { getEdits } from '../../db/records';
import { formatTimestamp } from '../../lib/format';

function show(value: unknown): string {
  if (value == null || value === '') return '(empty)';
  if (typeof value === 'string') return value;
  return Object.values(value as Record<string, unknown>)
    .filter((v) => v != null && v !== '')
    .join(', ');
}

/** Every change made to this record, newest first: who, when, what it was and what it became. */
export function EditHistory({ recordId }: { recordId: string }) {
  const edits = useLiveQuery(() => getEdits(recordId), [recordId], []);
  return (
    <details className="nhsuk-details" data-testid="edit-history">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Changes made to this record ({edits.length})</span>
      </summary>
      <div className="nhsuk-details__text">
        {edits.length === 0 ? (
          <p>No changes yet. The values are as they were read from the document.</p>
        ) : (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Changes made to this record</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Field</th>
                <th scope="col">Was</th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {[...edits].reverse().map((e) => (
                <tr key={e.seq}>
                  <td>{formatTimestamp(e.at)}</td>
                  <td>{e.who}</td>
                  <td>{e.kind === 'add-item' ? `Added ${e.path}` : e.kind === 'remove-item' ? `Removed ${e.path}` : e.path}</td>
                  <td>{show(e.oldValue)}</td>
                  <td>{show(e.newValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}
