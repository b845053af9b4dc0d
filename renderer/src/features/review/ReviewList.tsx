import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Radios } from '../../components/Radios';
import { Select } from '../../components/Select';
import { Tag, type TagColour } from '../../components/Tag';
import { VirtualList } from '../../components/VirtualList';
import { formatNhsNumber } from '../../core';
import { listCounts, listHead, listRowsWarm, listSummaries, prefetchedListHead, warmListRows } from '../../db/list';
import type { ListState, SummaryRow } from '../../db/rows';
import { afterNextPaint } from '../../lib/after-paint';
import { formatIsoDate, plural } from '../../lib/format';
import { href } from '../../state/route';
import { LIST_STATE_LABEL, useUi, type ReviewFilter, type ReviewSort } from '../../state/ui';
import { BulkApprove } from './BulkApprove';
import { buildHaystacks, reviewView, type OpenedList } from './filter';
import { FIRST_ROWS } from './first-rows';

const STATE_COLOUR: Record<ListState, TagColour> = {
  processing: 'grey',
  'needs review': 'yellow',
  approved: 'green',
  failed: 'red',
  cancelled: 'orange',
};

const FILTERS: { value: ReviewFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'needs review', label: 'Needs review' },
  { value: 'approved', label: 'Approved' },
  { value: 'failed', label: 'Failed' },
  { value: 'needs checking', label: 'Needs checking' },
];

const SORTS: { value: ReviewSort; label: string }[] = [
  { value: 'added', label: 'Date added (newest first)' },
  { value: 'flags', label: 'Things to check (most first)' },
  { value: 'status', label: 'Status (needs review first)' },
];


async function openedList(): Promise<OpenedList> {
  const rows = await listSummaries();
  return { rows, haystacks: buildHaystacks(rows) };
}

/** A row still being decrypted (only for a moment after the app starts). */
function OpeningRow() {
  return (
    <div className="app-review-row app-review-row--opening" aria-busy="true">
      <span className="app-review-row__meta">Opening…</span>
    </div>
  );
}

/**
 * Read by the benchmark (npm run bench:ui): the browser reports when the list's first row was
 * painted (Element Timing), the moment a real row is on screen. Not in React's attribute types.
 */
const FIRST_ROW_TIMING = { elementtiming: 'review-list-first-row' };

function ReviewRow({ row, first }: { row: SummaryRow; first: boolean }) {
  const title = row.patientName || row.fileName;
  return (
    <div className="app-review-row" data-testid="review-row" data-state={row.state} data-flags={row.flags}>
      <div className="app-review-row__who">
        <a className="app-review-row__link" href={href({ screen: 'review', recordId: row.id })} {...(first && FIRST_ROW_TIMING)}>
          {title}
        </a>
        <span className="app-review-row__meta">
          {row.nhsNumber ? (
            <>
              NHS number <span className="app-nowrap">{formatNhsNumber(row.nhsNumber, true)}</span>
            </>
          ) : null}
          {row.dateOfBirth ? <> · born {formatIsoDate(row.dateOfBirth)}</> : null}
          {row.patientName ? <> · {row.fileName}</> : null}
        </span>
      </div>
      <div className="app-review-row__tags">
        <Tag colour={STATE_COLOUR[row.state]}>{LIST_STATE_LABEL[row.state]}</Tag>
        {row.flags > 0 ? <Tag colour="orange">{plural(row.flags, 'thing', 'things')} to check</Tag> : null}
      </div>
    </div>
  );
}

export function ReviewList() {
  const filter = useUi((s) => s.reviewFilter);
  const search = useUi((s) => s.reviewSearch);
  const setFilter = useUi((s) => s.setReviewFilter);
  const setSearch = useUi((s) => s.setReviewSearch);
  const sort = useUi((s) => s.reviewSort);
  const setSort = useUi((s) => s.setReviewSort);

  // Every row already open in memory (the list was shown since the app was unlocked): read
  // and show the whole list at once, as fast as a screenful. Otherwise (app start) in turn,
  // each once the one before has answered (IndexedDB answers one request at a time): the
  // first screenful (48 rows decrypted), the counts (indexes, nothing decrypted), then every
  // row opened for search and scrolling. All follow the database.
  const [warm] = useState(listRowsWarm);
  // At app start the first screenful may be open already (read and opened as the key came
  // in: start.ts): shown at once, while the live query reads the same rows and follows them.
  const [prefetched] = useState(() => (warm ? null : prefetchedListHead(filter, FIRST_ROWS)));
  const [stage, setStage] = useState(warm ? 2 : 0);
  const opened = useLiveQuery(() => (stage >= 2 ? openedList() : null), [stage >= 2], null);
  const head = useLiveQuery(() => (warm || opened ? null : listHead(filter, FIRST_ROWS)), [filter, opened === null], prefetched);
  const counted = useLiveQuery(() => (!warm && stage >= 1 && !opened ? listCounts() : null), [stage >= 1, opened === null], null);
  useEffect(() => {
    if (stage === 0 && head) {
      // Once the first screenful has been painted: every row decrypted in the background
      // from then, kept for search (see warmListRows). Old rows' search terms are given by
      // the pass the open app starts (backfillSearchTermsWhenIdle, App.tsx).
      return afterNextPaint(() => {
        void warmListRows().catch(() => undefined);
        setStage(1);
      });
    }
    if (stage === 1 && counted) setStage(2);
  }, [stage, head, counted]);

  const view = useMemo(() => reviewView(opened, head, counted, filter, search, sort), [opened, head, counted, filter, search, sort]);
  // Bulk approval's candidates: waiting for review with no open flag (each is checked again before approving).
  const approvable = useMemo(() => (opened ? opened.rows.filter((r) => r.state === 'needs review' && r.flags === 0).length : 0), [opened]);
  const shown = view.kind === 'rows' ? view.rows : [];
  const counts = view.kind === 'loading' ? null : view.counts;
  const hasRows = shown.length > 0 && shown[0] !== null;
  useEffect(() => {
    // Read by the benchmark (npm run bench:ui): when the list first shows rows (committed to
    // the page; FIRST_ROW_TIMING tells when they were painted).
    if (hasRows) performance.mark('scr:review-list:rows');
  }, [hasRows]);

  let status: string;
  if (view.kind === 'loading') status = 'Loading records…';
  else if (view.kind === 'waiting') {
    const verb = view.why === 'search' ? 'Searching' : 'Sorting';
    status = view.counts ? `${verb} ${plural(view.counts.all, 'record')}…` : `${verb}…`;
  }
  else if (!view.counts) status = 'Counting records…';
  else status = `Showing ${shown.length.toLocaleString('en-GB')} of ${plural(view.counts.all, 'record')}`;

  return (
    <>
      <PageHeading>Review</PageHeading>
      <div className="app-review-controls">
        <Radios
          name="review-filter"
          legend="Show"
          inline
          small
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({ value: f.value, label: counts ? `${f.label} (${counts[f.value].toLocaleString('en-GB')})` : f.label }))}
        />
        <div className="nhsuk-form-group app-search">
          <label className="nhsuk-label nhsuk-label--s" htmlFor="review-search">
            Search by name, NHS number, medication, allergy or problem
          </label>
          <input className="nhsuk-input nhsuk-input--width-20" id="review-search" type="search" autoComplete="off" spellCheck={false} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <Select id="review-sort" label="Sort by" value={sort} options={SORTS} onChange={setSort} groupClass="app-review-sort" data-testid="review-sort" />
      </div>
      <BulkApprove candidates={approvable} />
      <p className="nhsuk-body-s" role="status" data-testid="review-count">
        {status}
      </p>
      {view.kind !== 'rows' ? null : shown.length === 0 ? (
        <p className="nhsuk-body">{view.counts?.all === 0 ? 'Nothing to review yet. Add documents in the Inbox.' : 'No records match. Try another filter or search.'}</p>
      ) : (
        <VirtualList
          items={shown}
          getKey={(r, i) => r?.id ?? `opening-${i}`}
          estimateSize={72}
          label="Records"
          className="app-virtual--review"
          testId="review-list"
          renderItem={(row, index) => (row ? <ReviewRow row={row} first={index === 0} /> : <OpeningRow />)}
        />
      )}
    </>
  );
}
