import { focusHeadingOnNextScreen, PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
import { allFlags, isOpen, within } from '../../lib/flags';
import { ActionBar } from './ActionBar';
import { ApprovalRefusedError, approvalProblems } from './approval';
import { fieldId, pathLabel } from './fields';
import { flagInput, flagTarget } from './flag-target';
import { KeyHelpDialog } from './KeyHelpDialog';
import { RECORD_KEYS, useShortcuts, type ReviewAction } from './keys';
import { RecordViewContext, type RecordContext } from './record-context';
import { neighbourNeedingReview } from './record-order';
import { flagEntryId, ThingsToCheck, type FlagEntry } from './ThingsToCheck';
import { PatientFields } from './PatientFields';
import { PdfViewer } from './PdfViewer';
import { ItemList } from './ItemList';
import { addItem, readPath, setValue } from './record-edits';
import { reportAudit } from '../audit/report-audit';
import { exportApproved } from '../export/export-approved';
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
  const [current, setCurrent] = useState<number | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const busy = useRef(false);

  useEffect(() => {
    setActive(null);
    reportAudit({ action: 'viewed', documentId: id });
  }, [id, setActive]);

  const reportFieldError = useCallback((path: string, error: string | null) => {
    setFieldErrors((was) => {
      if ((was[path] ?? null) === error) return was;
      const next = { ...was };
      if (error) next[path] = error;
      else delete next[path];
      return next;
    });
  }, []);

  const entries = useMemo<FlagEntry[]>(() => (record ? allFlags(record).map((flag, index) => ({ flag, index, open: isOpen(flag, record) })) : []), [record]);
  const currentPath = current === null ? null : entries[current]?.flag.path ?? null;
  const context = useMemo<RecordContext>(() => {
    const open = new Map<string, string[]>();
    const done = new Set<string>();
    for (const e of entries) if (e.open) open.set(e.flag.path, [...(open.get(e.flag.path) ?? []), e.flag.reason]);
    for (const e of entries) if (!e.open && !open.has(e.flag.path)) done.add(e.flag.path);
    return { reportFieldError, openFlags: open, doneFlags: done, currentFlag: currentPath };
  }, [entries, reportFieldError, currentPath]);

  // The field, item or section of the flag staff are on is marked on screen.
  useEffect(() => {
    if (!currentPath) return;
    const el = flagTarget(currentPath);
    el?.classList.add('app-flag-current');
    return () => el?.classList.remove('app-flag-current');
  }, [currentPath, record]);

  // A field's own boxes; for an item or a section, the boxes of every value in it.
  const highlight = useMemo(() => {
    if (!record || !activeField) return [];
    const own = record.provenance[activeField]?.boxes;
    if (own) return own;
    return Object.entries(record.provenance)
      .filter(([path]) => within(path, activeField))
      .flatMap(([, p]) => p.boxes);
  }, [record, activeField]);
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

  /** Goes to a flag: its field scrolled into view and marked, its source highlighted on the page. */
  const goToFlag = (entry: FlagEntry, intoBox: boolean) => {
    setCurrent(entry.index);
    setCheckError(null);
    setActive(entry.flag.path);
    requestAnimationFrame(() => {
      flagTarget(entry.flag.path)?.scrollIntoView({ block: 'center' });
      // From the panel, into the box to correct it; by key, onto the flag, so the next key still works.
      if (intoBox) flagInput(entry.flag.path)?.focus({ preventScroll: true });
      else document.getElementById(flagEntryId(entry.index))?.focus({ preventScroll: true });
    });
  };

  const nextFlag = () => {
    const open = entries.filter((e) => e.open);
    if (open.length === 0) {
      setAnnounce('Nothing left to check.');
      return;
    }
    const next = open.find((e) => current === null || e.index > current) ?? open[0]!;
    goToFlag(next, false);
    setAnnounce(`${pathLabel(next.flag.path)}: ${next.flag.reason}`);
  };

  const check = async (entry: FlagEntry | undefined) => {
    if (!entry || !entry.open) {
      setAnnounce('Press F to go to a thing to check first.');
      return;
    }
    try {
      await repo.markChecked(id, entry.flag.path);
      setCheckError(null);
      const left = entries.filter((e) => e.open && e.flag.path !== entry.flag.path).length;
      setAnnounce(`${pathLabel(entry.flag.path)} checked. ${left === 0 ? 'Nothing left to check.' : `${left} left to check.`}`);
    } catch (err) {
      const reasons = (err as { reasons?: string[] }).reasons;
      setCheckError(reasons ? `Not yet: ${reasons.join('. ')}.` : 'This could not be marked as checked.');
    }
  };

  /** Where an approval problem is fixed: its box, or its entry under "Things to check". */
  const targetOf = (path: string): string => {
    if (document.getElementById(fieldId(path))) return fieldId(path);
    const entry = entries.find((e) => e.open && e.flag.path === path);
    return entry ? flagEntryId(entry.index) : fieldId(path);
  };

  const openRecord = (next: string | null, none: string) => {
    if (!next) {
      setAnnounce(none);
      return false;
    }
    focusHeadingOnNextScreen();
    navigate({ screen: 'review', recordId: next });
    return true;
  };

  const approve = async () => {
    if (busy.current || record.reviewState === 'approved') return;
    const typed = Object.entries(fieldErrors).map(([path, message]) => ({ target: fieldId(path), message: `${pathLabel(path)}: ${message}` }));
    const found = [...typed, ...approvalProblems(record).map((p) => ({ target: targetOf(p.path), message: p.message }))];
    setProblems(found);
    if (found.length) return;
    busy.current = true;
    try {
      const next = await neighbourNeedingReview(id, 1);
      await repo.setReviewState(id, 'approved');
      // Not awaited: staff move on; a failure is shown on every screen (ExportFolderNotice).
      void exportApproved([id]);
      setAnnounce('Record approved.');
      if (!openRecord(next, 'Record approved. No other record needs review.')) navigate({ screen: 'review', recordId: null });
    } catch (err) {
      if (err instanceof ApprovalRefusedError) setProblems(err.reasons.map((message) => ({ target: 'things-title', message })));
      else throw err;
    } finally {
      busy.current = false;
    }
  };

  const step = async (direction: 1 | -1) => openRecord(await neighbourNeedingReview(id, direction), 'No other record needs review.');

  const run = (action: ReviewAction) => {
    switch (action) {
      case 'approve':
        return void approve();
      case 'next-record':
        return void step(1);
      case 'previous-record':
        return void step(-1);
      case 'next-flag':
        return nextFlag();
      case 'checked':
        return void check(current === null ? undefined : entries[current]);
      case 'help':
        return setHelpOpen(true);
      default:
        return undefined;
    }
  };

  return (
    <RecordViewContext.Provider value={context}>
      <RecordKeys onAction={run} />
      <BackLink />
      <RecordHeading row={record} fileName={doc.name} />
      <ErrorSummary errors={problems} title="This record cannot be approved yet" />
      <ThingsToCheck entries={entries} current={current} onGo={(e) => goToFlag(e, true)} onCheck={(e) => void check(e)} error={checkError} />
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
          <ApprovalNote row={record} />
          <EditHistory recordId={id} extracted={record.extracted} />
        </div>
      </div>
      <ActionBar
        approved={record.reviewState === 'approved'}
        openFlags={entries.filter((e) => e.open).length}
        onApprove={() => void approve()}
        onReopen={() => void repo.setReviewState(id, 'needs review')}
        onNext={() => void step(1)}
        onPrevious={() => void step(-1)}
        onNextFlag={nextFlag}
        onHelp={() => setHelpOpen(true)}
      />
      <KeyHelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <p className="nhsuk-u-visually-hidden" role="status" data-testid="record-status">
        {announce}
      </p>
    </RecordViewContext.Provider>
  );
}

/** The record screen's keys, while it shows a record. */
function RecordKeys({ onAction }: { onAction(action: ReviewAction): void }) {
  useShortcuts(RECORD_KEYS, onAction);
  return null;
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

/** Warnings about the document as a whole (those naming a field, item or section are under "Things to check"). */
function GeneralWarnings({ row }: { row: FullRecord }) {
  const general = row.warnings.filter((w) => !w.path);
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

/** Where the record stands, above its history; the actions themselves are in the bar at the foot of the window. */
function ApprovalNote({ row }: { row: FullRecord }) {
  return (
    <div className="app-approve">
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        {row.reviewState === 'approved'
          ? 'Approved records are included in exports. Changing a value sends the record back for review.'
          : 'Check each value against the document. Approve when the record is right and nothing is left to check.'}
      </p>
    </div>
  );
}
