import { useCallback, useEffect, useState } from 'react';
import { Select } from '../../components/Select';
import { documentLabels, type DocumentLabel } from '../../db/list';
import { getApi } from '../../api';
import { PageHeading } from '../../components/PageHeading';
import { AUDIT_ACTIONS, type AuditAction, type AuditEvent } from '../../../../main/core/contract/audit';
import { todayIso } from '../../lib/dates';
import { formatTimestamp, plural } from '../../lib/format';
import { auditCsv } from './audit-csv';
import { ACTION_LABEL, describeDetail } from './audit-labels';
import { auditQuery, type AuditFilters } from './audit-query';
import { reportAudit } from './report-audit';
import { WarningCallout } from '../../components/WarningCallout';

const PAGE = 50;
/** Main answers up to this many per call; the export walks back through all of them. */
const EXPORT_PAGE = 5000;

/**
 * The audit trail as main keeps it: who did what and when, newest first, without a single
 * clinical value. It says so when the file's hash chain shows it was changed outside the
 * app. Downloadable as CSV for the practice's Data Protection Officer.
 *
 * The file keeps ids only; the screen names each document (its file and its patient) at
 * display time from the encrypted records here, so a document removed since shows as such.
 * A page at a time, filtered by action and by day on main's side.
 */
export function AuditScreen() {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [labels, setLabels] = useState<Map<string, DocumentLabel>>(new Map());
  const [total, setTotal] = useState(0);
  const [intact, setIntact] = useState(true);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filters, setFilters] = useState<AuditFilters>({ action: '', from: '', to: '' });
  // The `before` of each page shown so far: the last is this page's (undefined: the newest).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    const page = await getApi().listAudit({ limit: PAGE, ...(before === undefined ? {} : { before }), ...auditQuery(filters) });
    const ids = page.events.map((e) => e.documentId).filter((id): id is string => !!id);
    // Names from the encrypted records, joined here: never written to the audit file.
    const named = ids.length ? await documentLabels(ids).catch(() => new Map<string, DocumentLabel>()) : new Map<string, DocumentLabel>();
    setEvents(page.events);
    setLabels(named);
    setTotal(page.total);
    setIntact(page.intact);
  }, [before, filters]);

  useEffect(() => {
    load().catch(() => setStatus('The audit trail could not be read. Try again; if it keeps failing, tell your IT lead.'));
  }, [load]);

  const setFilter = (next: Partial<AuditFilters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setCursors([undefined]);
  };
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const pageNo = cursors.length;
  const older = () => {
    const last = events?.[events.length - 1];
    if (last) setCursors([...cursors, last.seq]);
  };
  const newer = () => setCursors(cursors.slice(0, -1));

  const exportCsv = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const all: AuditEvent[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await getApi().listAudit(before === undefined ? { limit: EXPORT_PAGE } : { before, limit: EXPORT_PAGE });
        all.push(...page.events);
        const last = page.events[page.events.length - 1];
        if (!last || page.events.length < EXPORT_PAGE) break;
        before = last.seq;
      }
      const suggestedName = `scr-audit-${todayIso()}.csv`;
      const res = await getApi().saveCsv({ suggestedName, content: auditCsv(all) });
      if (res.saved) {
        reportAudit({ action: 'audit-exported', count: all.length, fileName: res.fileName ?? suggestedName });
        setStatus(`Saved ${plural(all.length, 'event')} to ${res.fileName ?? suggestedName}.`);
        await load();
      } else {
        setStatus('Not saved.');
      }
    } catch {
      setStatus('The audit trail could not be saved. Try again; if it keeps failing, tell your IT lead.');
    } finally {
      setBusy(false);
    }
  };

  const filtered = filters.action !== '' || filters.from !== '' || filters.to !== '';
  const paging =
    pages > 1 ? (
      <nav className="app-pager" aria-label="Audit pages" data-testid="audit-pager">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pageNo === 1} onClick={newer}>
          Newer events
        </button>
        <span className="nhsuk-body-s app-pager__at" data-testid="audit-page">
          Page {pageNo} of {pages}
        </span>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pageNo >= pages} onClick={older}>
          Older events
        </button>
      </nav>
    ) : null;

  return (
    <>
      <PageHeading>Audit</PageHeading>
      <p className="nhsuk-lede-text">Who did what in SCR Extract on this computer, and when. The audit file never holds patient details or clinical values: the names below are looked up from the records on this computer as the page is shown.</p>
      {!intact ? (
        <WarningCallout title="The audit file has been changed" testId="audit-broken">
          <p>Lines have been altered, removed or reordered outside SCR Extract. Tell your IT lead and your Data Protection Officer.</p>
        </WarningCallout>
      ) : null}
      <div className="app-button-row">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy || (total === 0 && !filtered)} onClick={() => void exportCsv()} data-testid="audit-export">
          {busy ? 'Saving…' : 'Download the audit trail (CSV)'}
        </button>
      </div>
      <div role="status" data-testid="audit-status">
        {status ? <p className="nhsuk-body">{status}</p> : null}
      </div>
      <fieldset className="nhsuk-fieldset app-audit-filters" data-testid="audit-filters">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Show</legend>
        <Select<AuditAction | ''>
          id="audit-action"
          label="Event"
          value={filters.action}
          onChange={(action) => setFilter({ action })}
          options={[{ value: '', label: 'All events' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: ACTION_LABEL[a] }))]}
        />
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="audit-from">
            From
          </label>
          <input className="nhsuk-input nhsuk-input--width-10" id="audit-from" type="date" value={filters.from} onChange={(e) => setFilter({ from: e.target.value })} />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="audit-to">
            To
          </label>
          <input className="nhsuk-input nhsuk-input--width-10" id="audit-to" type="date" value={filters.to} onChange={(e) => setFilter({ to: e.target.value })} />
        </div>
      </fieldset>
      {events === null ? (
        <p className="nhsuk-body">Loading the audit trail…</p>
      ) : events.length === 0 ? (
        <p className="nhsuk-body" data-testid="audit-empty">
          {filtered ? 'No events match. Try another event or other dates.' : 'Nothing has been recorded yet.'}
        </p>
      ) : (
        <>
          <table className="nhsuk-table app-audit-table" data-testid="audit-table">
            <caption className="nhsuk-table__caption">
              Events, newest first{' '}
              <span className="nhsuk-caption-m app-inline-caption" data-testid="audit-showing">
                {plural(events.length, 'event')} on this page, {plural(total, filtered ? 'matching event' : 'event')} in all
              </span>
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {['When', 'Who', 'What', 'Document', 'Details'].map((name) => (
                  <th key={name} scope="col" className="nhsuk-table__header">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {events.map((e) => {
                const label = e.documentId ? labels.get(e.documentId) : undefined;
                return (
                  <tr key={e.seq} className="nhsuk-table__row" data-testid="audit-row" data-action={e.action} data-seq={e.seq}>
                    <td className="nhsuk-table__cell app-nowrap">{formatTimestamp(Date.parse(e.at))}</td>
                    <td className="nhsuk-table__cell">{e.who}</td>
                    <td className="nhsuk-table__cell">{ACTION_LABEL[e.action] ?? e.action}</td>
                    <td className="nhsuk-table__cell" data-testid="audit-document">
                      {e.documentId ? (
                        <>
                          {label ? (
                            <>
                              <span className="app-audit-table__file">{label.fileName}</span>
                              {label.patientName ? <span className="app-audit-table__patient"> · {label.patientName}</span> : null}
                            </>
                          ) : (
                            <span className="app-audit-table__gone">Document no longer here</span>
                          )}
                          <br />
                          <span className="app-audit-table__id">{e.documentId}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="nhsuk-table__cell">{describeDetail(e)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {paging}
        </>
      )}
    </>
  );
}
