import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Checkbox } from '../../components/Checkbox';
import { Radios } from '../../components/Radios';
import * as repo from '../../db/repository';
import type { TemplateRow } from '../../db/rows';
import { todayIso } from '../../lib/dates';
import { plural } from '../../lib/format';
import { ColumnEditor } from './ColumnEditor';
import { BUILT_IN, DEFAULT_TEMPLATE, isBuiltIn } from './export-csv';
import { buildExport } from './export-run';
import { Preview } from './Preview';
import { TemplateFiles } from './TemplateFiles';
import { getApi } from '../../api';
import { reportAudit } from '../audit/report-audit';

type Scope = 'approved' | 'all';

export function ExportScreen() {
  const saved = useLiveQuery(repo.listTemplates, [], []);
  const counts = useLiveQuery(repo.exportCounts, [], { approved: 0, all: 0, approvedNew: 0, allNew: 0 });
  const templates = useMemo(() => [...BUILT_IN, ...saved], [saved]);

  const [templateId, setTemplateId] = useState(DEFAULT_TEMPLATE.id);
  const chosen = templates.find((t) => t.id === templateId) ?? DEFAULT_TEMPLATE;
  // The template as adjusted on this screen; saved only when staff ask.
  const [working, setWorking] = useState<TemplateRow>(chosen);
  useEffect(() => setWorking(chosen), [chosen.id, chosen.updatedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const [scope, setScope] = useState<Scope>('approved');
  // Only records never exported before (exportedAt unset); those exported now are marked with today.
  const [newOnly, setNewOnly] = useState(false);
  const approvedCount = newOnly ? counts.approvedNew : counts.approved;
  const allCount = newOnly ? counts.allNew : counts.all;
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const count = scope === 'approved' ? approvedCount : allCount;
  const previewRows = useLiveQuery(() => repo.recordsForExport(scope === 'approved', 5, newOnly), [scope, newOnly], null);

  const exportCsv = async () => {
    setBusy(true);
    setStatus(null);
    try {
      // Marks for the benchmark (npm run bench:ui), which reads them back from the page.
      performance.mark('scr:export:start');
      // Read, opened and written in pieces by two workers (export-run.ts).
      const { content, ids } = await buildExport(working, scope === 'approved', newOnly);
      performance.mark('scr:export:built');
      const suggestedName = `scr-export-${todayIso()}-${working.shape === 'patient' ? 'patients' : 'items'}.csv`;
      const res = await getApi().saveCsv({ suggestedName, content });
      performance.mark('scr:export:saved');
      if (res.saved) {
        // Retention counts the PDFs' time from now; the audit trail says what went where.
        await repo.markExported(ids, Date.now());
        reportAudit({ action: 'exported', count: ids.length, template: working.name, fileName: res.fileName ?? suggestedName, scope, ...(newOnly ? { newOnly } : {}) });
        setStatus(`Exported ${plural(ids.length, 'record')} to ${res.fileName ?? suggestedName}.`);
      } else {
        setStatus('Not saved.');
      }
    } catch {
      setStatus('The CSV could not be saved. Try again; if it keeps failing, tell your IT lead.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>Export</PageHeading>
      <p className="nhsuk-lede-text">Make a CSV file of records for your practice system.</p>
      <Radios
        name="template"
        legend="Template"
        legendSize="m"
        value={templateId}
        onChange={setTemplateId}
        options={templates.map((t) => ({
          value: t.id,
          label: t.name,
          hint: `${t.shape === 'patient' ? 'One row per patient' : 'One row per item'}, ${plural(t.columns.length, 'column')}, dates ${t.dateFormat === 'uk' ? 'as 18/10/1985' : 'as 1985-10-18'}`,
        }))}
      />
      <Radios<Scope>
        name="scope"
        legend="Which records"
        legendSize="m"
        value={scope}
        onChange={setScope}
        options={[
          { value: 'approved', label: `Approved records only (${approvedCount.toLocaleString('en-GB')})` },
          { value: 'all', label: `All records (${allCount.toLocaleString('en-GB')})`, hint: 'Includes records nobody has checked yet.' },
        ]}
      />
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          <Checkbox id="export-new-only" checked={newOnly} onChange={setNewOnly} hint="Leaves out records already in an earlier CSV. The records exported now are marked as exported today.">
            Only records not exported before
          </Checkbox>
        </div>
      </div>
      <ColumnEditor template={working} onChange={setWorking} isBuiltIn={isBuiltIn(working)} onSaved={setTemplateId} />
      <Preview template={working} rows={previewRows} />
      <div className="app-button-row nhsuk-u-margin-bottom-5">
        <button type="button" className="nhsuk-button nhsuk-u-margin-bottom-0" disabled={busy || count === 0} onClick={() => void exportCsv()} data-testid="export-csv">
          {busy ? 'Exporting…' : `Export ${plural(count, 'record')} to CSV`}
        </button>
      </div>
      <div role="status" data-testid="export-status">
        {status ? <p className="nhsuk-body">{status}</p> : null}
        {count === 0 ? (
          <p className="nhsuk-body">
            {newOnly
              ? 'Every record here has been exported before. Untick “Only records not exported before” to export them again.'
              : scope === 'approved'
                ? 'No approved records yet. Approve records in Review, or choose all records.'
                : 'No records yet.'}
          </p>
        ) : null}
      </div>
      <TemplateFiles saved={saved} />
    </>
  );
}
