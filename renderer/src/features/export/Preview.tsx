import { neutraliseCell } from '../../../../main/core/csv/export';
import type { CsvTemplate } from '../../core';
import type { ExportRow } from '../../db/export';
import { previewRows } from './export-csv';

const PREVIEW_ROWS = 5;

/** The first rows exactly as they will be written, so staff can check before they export. */
export function Preview({ template, rows }: { template: CsvTemplate; rows: ExportRow[] | null }) {
  if (!rows) return null;
  const { header, cells } = previewRows(template, rows, PREVIEW_ROWS);
  return (
    <section aria-labelledby="preview-title" className="app-section">
      <h2 className="nhsuk-heading-m" id="preview-title">
        Preview
      </h2>
      {cells.length === 0 ? (
        <p className="nhsuk-body">Nothing to preview yet.</p>
      ) : (
        <div className="app-table-scroll" role="region" aria-label="Preview table, scrolls sideways" tabIndex={0} data-testid="export-preview">
          <table className="nhsuk-table app-table--compact">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">First {cells.length} rows</caption>
            <thead className="nhsuk-table__head">
              <tr>
                {header.map((h, i) => (
                  <th scope="col" key={`${h}-${i}`}>
                    {neutraliseCell(h)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {cells.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{neutraliseCell(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
