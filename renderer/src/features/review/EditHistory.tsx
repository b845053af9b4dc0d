import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { ScrRecord } from '../../core';
import { getEdits } from '../../db/records';
import { formatTimestamp } from '../../lib/format';
import { describeHistory } from './history-text';

/**
 * Every change made to this record, newest first: when, who, and what they did, in words
 * ("Dosage of medication ‘Ramipril 5mg capsules’ changed from ‘one daily’ to ‘two daily’").
 * `extracted` is the record as it was read: the history is worded by replaying it from there.
 */
export function EditHistory({ recordId, extracted }: { recordId: string; extracted: ScrRecord | null }) {
  const edits = useLiveQuery(() => getEdits(recordId), [recordId], []);
  const lines = useMemo(() => describeHistory(extracted, edits), [extracted, edits]);
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
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Changes made to this record, newest first</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {edits
                .map((e, i) => ({ e, line: lines[i]! }))
                .reverse()
                .map(({ e, line }) => (
                  <tr key={e.seq} data-testid="history-row">
                    <td className="app-nowrap">{formatTimestamp(e.at)}</td>
                    <td>{e.who}</td>
                    <td>{line}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}
