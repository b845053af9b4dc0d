import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { Radios } from '../../components/Radios';
import { Tag, type TagColour } from '../../components/Tag';
import { VirtualList } from '../../components/VirtualList';
import { formatNhsNumber } from '../../core';
import { listSummaries } from '../../db/repository';
import type { ListState, SummaryRow } from '../../db/rows';
import { formatIsoDate, plural } from '../../lib/format';
import { href } from '../../state/route';
import { LIST_STATE_LABEL, useUi, type ReviewFilter } from '../../state/ui';
import { buildHaystacks, countByFilter, searchRows } from './filter';

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
  { value: 'has warnings', label: 'Has warnings' },
];

function ReviewRow({ row }: { row: SummaryRow }) {
  const title = row.patientName || row.fileName;
  return (
    <div className="app-review-row" data-testid="review-row" data-state={row.state}>
      <div className="app-review-row__who">
        <a className="app-review-row__link" href={href({ screen: 'review', recordId: row.id })}>
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
  const rows = useLiveQuery(listSummaries, [], null);
  const filter = useUi((s) => s.reviewFilter);
  const search = useUi((s) => s.reviewSearch);
  const setFilter = useUi((s) => s.setReviewFilter);
  const setSearch = useUi((s) => s.setReviewSearch);

  const all = rows ?? [];
  const haystacks = useMemo(() => buildHaystacks(all), [all]);
  const counts = useMemo(() => countByFilter(all), [all]);
  const shown = useMemo(() => searchRows(all, haystacks, filter, search), [all, haystacks, filter, search]);
  const hasRows = shown.length > 0;
  useEffect(() => {
    // Read by the benchmark (npm run bench:ui): when the list first shows rows.
    if (hasRows) performance.mark('scr:review-list:rows');
  }, [hasRows]);

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
          options={FILTERS.map((f) => ({ value: f.value, label: `${f.label} (${counts[f.value].toLocaleString('en-GB')})` }))}
        />
        <div className="nhsuk-form-group app-search">
          <label className="nhsuk-label nhsuk-label--s" htmlFor="review-search">
            Search by name or NHS number
          </label>
          <input className="nhsuk-input nhsuk-input--width-20" id="review-search" type="search" autoComplete="off" spellCheck={false} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <p className="nhsuk-body-s" role="status" data-testid="review-count">
        {rows === null ? 'Loading records…' : `Showing ${shown.length.toLocaleString('en-GB')} of ${plural(all.length, 'record')}`}
      </p>
      {rows !== null && shown.length === 0 ? (
        <p className="nhsuk-body">{all.length === 0 ? 'Nothing to review yet. Add documents in the Inbox.' : 'No records match. Try another filter or search.'}</p>
      ) : (
        <VirtualList items={shown} getKey={(r) => r.id} estimateSize={72} label="Records" className="app-virtual--review" testId="review-list" renderItem={(row) => <ReviewRow row={row} />} />
      )}
    </>
  );
}
