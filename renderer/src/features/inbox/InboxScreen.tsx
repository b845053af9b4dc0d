import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { VirtualList } from '../../components/VirtualList';
import { listJobs } from '../../db/jobs';
import { plural } from '../../lib/format';
import { useUi } from '../../state/ui';
import { cancelJobs, prioritise, removeJobs, retryJobs } from '../../sync/engine-sync';
import { BatchProgress } from './BatchProgress';
import { DropZone } from './DropZone';
import { DuplicateNotices } from './DuplicateNotices';
import { JobRow, type JobRowActions } from './JobRow';
import { BulkActions } from './BulkActions';

export function InboxScreen() {
  const jobs = useLiveQuery(listJobs, [], []);
  const selected = useUi((s) => s.selected);
  const toggle = useUi((s) => s.toggleSelected);
  const setSelected = useUi((s) => s.setSelected);

  const actions = useMemo<JobRowActions>(
    () => ({
      select: toggle,
      cancel: (id) => void cancelJobs([id]),
      retry: (id) => void retryJobs([id]),
      remove: (id) => {
        toggle(id, false);
        void removeJobs([id]);
      },
      prioritise: (id) => void prioritise(id),
    }),
    [toggle],
  );

  // Ticks on rows that have since gone (removed) are not acted on.
  const live = useMemo(() => new Set(jobs.map((j) => j.id)), [jobs]);
  const chosen = useMemo(() => jobs.filter((j) => selected.has(j.id)), [jobs, selected]);

  return (
    <>
      <PageHeading>Inbox</PageHeading>
      <p className="nhsuk-lede-text nhsuk-u-margin-bottom-5">Add Summary Care Record PDFs. Each one is read on this computer, then waits for you in Review.</p>
      <DuplicateNotices />
      <DropZone />
      <BatchProgress />
      {jobs.length === 0 ? (
        <p className="nhsuk-body" data-testid="inbox-empty">
          No documents yet.
        </p>
      ) : (
        <section aria-labelledby="documents-title">
          <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-3" id="documents-title">
            Documents <span className="nhsuk-caption-m app-inline-caption">{plural(jobs.length, 'document')}</span>
          </h2>
          <BulkActions
            jobs={jobs}
            chosen={chosen}
            onSelectAll={(on) => setSelected(on ? live : [])}
            onDone={() => setSelected([])}
          />
          <VirtualList
            items={jobs}
            getKey={(j) => j.id}
            estimateSize={96}
            label="Documents"
            className="app-virtual--inbox"
            testId="job-list"
            renderItem={(job) => <JobRow job={job} selected={selected.has(job.id)} actions={actions} />}
          />
        </section>
      )}
    </>
  );
}
