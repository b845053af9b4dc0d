import { useCallback, useEffect, useState } from 'react';
import { getApi } from '../../api';
import { PageHeading } from '../../components/PageHeading';
import type { AuditEvent } from '../../../../main/core/contract/audit';
import { todayIso } from '../../lib/dates';
import { formatTimestamp, plural } from '../../lib/format';
import { auditCsv } from './audit-csv';
import { ACTION_LABEL, describeDetail } from './audit-labels';
import { reportAudit } from './report-audit';
import { WarningCallout } from '../../components/WarningCallout';

const PAGE = 200;
/** Main answers up to this many per call; the export walks back through all of them. */
const EXPORT_PAGE = 5000;

/**
 * The audit trail as main keeps it: who did what and when, newest first, without a single
 * clinical value. It says so when the file's hash chain shows it was changed outside the
 * app. Downloadable as CSV for the practice's Data Protection Officer.
 */
export function AuditScreen() {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [total, setTotal] = useState(0);
  const [intact, setIntact] = useState(true);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadFirst = useCallback(async () => {
    const page = await getApi().listAudit({ limit: PAGE });
    setEvents(page.events);
    setTotal(page.total);
    setIntact(page.intact);
  }, []);

  useEffect(() => {
    loadFirst().catch(() => setStatus('The audit trail could not be read. Try again; if it keeps failing, tell your IT lead.'));
  }, [loadFirst]);

  const loadOlder = async () => {
    const oldest = events?.[events.length - 1];
    if (!oldest) return;
    const page = await getApi().listAudit({ before: oldest.seq, limit: PAGE });
    setEvents([...(events ?? []), ...page.events]);
  };

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
        await loadFirst();
      } else {
        setStatus('Not saved.');
      }
    } catch {
      setStatus('The audit trail could not be saved. Try again; if it keeps failing, tell your IT lead.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>Audit</PageHeading>
      <p className="nhsuk-lede-text">Who did what in SCR Extract on this computer, and when. It never holds patient details or clinical values.</p>
      {!intact ? (
        <WarningCallout title="The audit file has been changed" testId="audit-broken">
          <p>Lines have been altered, removed or reordered outside SCR Extract. Tell your IT lead and your Data Protection Officer.</p>
        </WarningCallout>
      ) : null}
      <div className="app-button-row">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy || total === 0} onClick={() => void exportCsv()} data-testid="audit-export">
          {busy ? 'Saving…' : 'Download the audit trail (CSV)'}
        </button>
      </div>
      <div role="status" data-testid="audit-status">
        {status ? <p className="nhsuk-body">{status}</p> : null}
      </div>
      {events === null ? (
        <p className="nhsuk-body">Loading the audit trail…</p>
      ) : events.length === 0 ? (
        <p className="nhsuk-body">Nothing has been recorded yet.</p>
      ) : (
        <>
          <table className="nhsuk-table app-audit-table" data-testid="audit-table">
            <caption className="nhsuk-table__caption">
              Events, newest first <span className="nhsuk-caption-m app-inline-caption">showing {plural(events.length, 'event')} of {total.toLocaleString('en-GB')}</span>
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
              {events.map((e) => (
                <tr key={e.seq} className="nhsuk-table__row" data-testid="audit-row" data-action={e.action}>
                  <td className="nhsuk-table__cell app-nowrap">{formatTimestamp(Date.parse(e.at))}</td>
                  <td className="nhsuk-table__cell">{e.who}</td>
                  <td className="nhsuk-table__cell">{ACTION_LABEL[e.action] ?? e.action}</td>
                  <td className="nhsuk-table__cell app-audit-table__id">{e.documentId ?? ''}</td>
                  <td className="nhsuk-table__cell">{describeDetail(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.length < total ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void loadOlder()}>
              Show older events
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
