import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Tag } from '../../components/Tag';
import { ERROR_MESSAGES, type Box } from '../../core';
import { db } from '../../db/database';
import * as repo from '../../db/repository';
import type { FullRecord } from '../../db/rows';
import { formatTimestamp } from '../../lib/format';
import { href, navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { removeJobs, retryJobs } from '../../sync/engine-sync';
import { EditHistory } from './EditHistory';
import { fieldId, recordProblems } from './fields';
import { PatientFields } from './PatientFields';
import { PdfViewer } from './PdfViewer';
import { ItemList } from './ItemList';
import { addItem, readPath, setValue } from './record-edits';
import { reportAudit } from '../audit/report-audit';
import { WarningCallout } from '../../components/WarningCallout';

/** One document: the page on the left, what was taken from it on the right. */
export function RecordView({ id }: { id: string }) {
  const record = useLiveQuery(() => repo.getFullRecord(id), [id], null);
  const doc = useLiveQuery(() => repo.getDocument(id), [id], null);
  const job = useLiveQuery(() => db().jobs.get(id), [id], null);
  const activeField = useUi((s) => s.activeField);
  const setActive = useUi((s) => s.setActiveField);
  const [problems, setProblems] = useState<SummaryError[]>([]);
  const [announce, setAnnounce] = useState('');

  useEffect(() => {
    setActive(null);
    reportAudit({ action: 'viewed', documentId: id });
  }, [id, setActive]);

  const highlight = useMemo(() => (record && activeField ? record.provenance[activeField]?.boxes ?? [] : []), [record, activeField]);
  const highlightLabel = activeField && highlight.length ? `Highlighted on page ${highlight[0]!.page} of the document.` : '';

  // Both first: each is decrypted on its own, and a heading shown before the other arrives
  // would take the screen's focus and then be replaced.
  if (record === null || doc === null) return <p className="nhsuk-body">Loading…</p>;
  if (!doc) {
    return (
      <>
        <BackLink />
        <PageHeading>Record not found</PageHeading>
        <p className="nhsuk-body">This record has been removed from this computer.</p>
      </>
    );
  }

  if (!record) {
    const error = job?.error;
    return (
      <>
        <BackLink />
        <PageHeading>{doc.name}</PageHeading>
        {job?.status === 'failed' || job?.status === 'cancelled' ? (
          <WarningCallout title={job.status === 'failed' ? 'Nothing could be taken from this document' : 'Cancelled'}>
            <p>{error ? error.message || ERROR_MESSAGES[error.code] : ERROR_MESSAGES.ERR_CANCELLED}</p>
            <div className="app-button-row">
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void retryJobs([id])}>
                Try again
              </button>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--warning"
                onClick={() => {
                  void removeJobs([id]).then(() => navigate({ screen: 'review', recordId: null }));
                }}
              >
                Remove document
              </button>
            </div>
          </WarningCallout>
        ) : (
          <p className="nhsuk-body">This document is still being processed. Its details will appear here when it is ready.</p>
        )}
        <SourceDocument blob={doc.blob} name={doc.name} purgedAt={doc.pdfPurgedAt ?? null} highlight={[]} highlightLabel="" />
      </>
    );
  }

  const onEdit = (path: string, value: string | null) =>
    repo.editRecord(id, (row) => setValue(row, path, value), { path, kind: 'set', oldValue: readPath(record.record, path) ?? null, newValue: value });

  const onAdd = (list: 'allergies' | 'medications' | 'problems') => {
    const index = record.record[list].length;
    return repo.editRecord(id, (row) => addItem(row, list), { path: `${list}.${index}`, kind: 'add-item', oldValue: null, newValue: null }).then(() => {
      setAnnounce(`Added a new ${list === 'allergies' ? 'allergy' : list === 'medications' ? 'medication' : 'problem'}.`);
      // Put the cursor in the new item's first box.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-path^="${list}.${index}."]`)?.focus());
    });
  };

  const approve = async () => {
    const found = recordProblems(record.record).map((p) => ({ target: fieldId(p.path), message: p.message }));
    setProblems(found);
    if (found.length) return;
    await repo.setReviewState(id, 'approved');
    setAnnounce('Record approved.');
  };

  return (
    <>
      <BackLink />
      <RecordHeading row={record} fileName={doc.name} />
      <ErrorSummary errors={problems} title="This record cannot be approved yet" />
      <GeneralWarnings row={record} />
      <div className="app-record">
        <div className="app-record__doc">
          <SourceDocument blob={doc.blob} name={doc.name} purgedAt={doc.pdfPurgedAt ?? null} highlight={highlight} highlightLabel={highlightLabel} />
        </div>
        <div className="app-record__fields" data-testid="record-fields">
          <PatientFields row={record} onEdit={onEdit} />
          <ItemList row={record} list="allergies" onEdit={onEdit} onAdd={onAdd} />
          <ItemList row={record} list="medications" onEdit={onEdit} onAdd={onAdd} />
          <ItemList row={record} list="problems" onEdit={onEdit} onAdd={onAdd} />
          <ApproveBar row={record} onApprove={approve} onReopen={() => repo.setReviewState(id, 'needs review')} />
          <EditHistory recordId={id} extracted={record.extracted} />
        </div>
      </div>
      <p className="nhsuk-u-visually-hidden" role="status">
        {announce}
      </p>
    </>
  );
}

/** The PDF beside the record, or why it is not here (retention purged it, or it was never copied in). */
function SourceDocument(props: { blob: Blob | null; name: string; purgedAt: number | null; highlight: Box[]; highlightLabel: string }) {
  if (props.blob) return <PdfViewer blob={props.blob} name={props.name} highlight={props.highlight} highlightLabel={props.highlightLabel} />;
  if (!props.purgedAt) {
    // A file chosen in the desktop's dialog whose copy could not be read from where it was.
    return (
      <div className="nhsuk-inset-text" data-testid="pdf-missing">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          No copy of the PDF {props.name} is kept here: it could not be read from where it was chosen (it may have been moved, or be over the size limit). The
          record itself is kept; add the PDF again to see it beside the record.
        </p>
      </div>
    );
  }
  return (
    <div className="nhsuk-inset-text" data-testid="pdf-purged">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        The PDF {props.name} was deleted from this computer on {formatTimestamp(props.purgedAt)}, as the practice’s retention settings
        require once a record has been approved or exported. The record itself is kept.
      </p>
    </div>
  );
}

function BackLink() {
  return (
    <div className="nhsuk-back-link">
      <a className="nhsuk-back-link__link" href={href({ screen: 'review', recordId: null })}>
        Back to all records
      </a>
    </div>
  );
}

function RecordHeading({ row, fileName }: { row: FullRecord; fileName: string }) {
  const p = row.record.patient;
  const name = [p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
  return (
    <div className="app-record-heading">
      <PageHeading className="nhsuk-u-margin-bottom-2">
        <span className="nhsuk-caption-l">{fileName}</span>
        {name || 'Unnamed patient'}
      </PageHeading>
      <p className="nhsuk-body" data-testid="review-state">
        {row.reviewState === 'approved' ? (
          <>
            <Tag colour="green">Approved</Tag> by {row.approvedBy} on {formatTimestamp(row.approvedAt ?? row.updatedAt)}
          </>
        ) : (
          <Tag colour="yellow">Needs review</Tag>
        )}
      </p>
    </div>
  );
}

/** Warnings that are not about one field (a section that could not be read, for example). */
function GeneralWarnings({ row }: { row: FullRecord }) {
  const general = row.warnings.filter((w) => !w.path || !(w.path.startsWith('patient.') || /^(allergies|medications|problems)\.\d+/.test(w.path)));
  if (general.length === 0) return null;
  return (
    <WarningCallout title="Check against the document" testId="general-warnings">
      <ul>
        {general.map((w, i) => (
          <li key={`${w.code}-${i}`}>{w.message}</li>
        ))}
      </ul>
    </WarningCallout>
  );
}

function ApproveBar({ row, onApprove, onReopen }: { row: FullRecord; onApprove(): Promise<void>; onReopen(): Promise<void> }) {
  if (row.reviewState === 'approved') {
    return (
      <div className="app-approve">
        <p className="nhsuk-body">Approved records are included in exports. Changing a value sends the record back for review.</p>
        <div className="app-button-row">
          <a className="nhsuk-button nhsuk-u-margin-bottom-0" href={href({ screen: 'review', recordId: null })}>
            Back to all records
          </a>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" onClick={() => void onReopen()}>
            Mark as needs review
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="app-approve">
      <p className="nhsuk-body">Check each value against the document. Approve when the record is right.</p>
      <button type="button" className="nhsuk-button nhsuk-u-margin-bottom-0" data-testid="approve" onClick={() => void onApprove()}>
        Approve record
      </button>
    </div>
  );
}
