import type { Job } from '../../core';
import { cancelJobs, removeJobs, retryJobs } from '../../sync/engine-sync';
import { canRetry } from './failure-kinds';

/** Cancel, retry or remove many at once: the ticked rows, or every failed one. */
export function BulkActions(props: { jobs: Job[]; chosen: Job[]; onSelectAll(on: boolean): void; onDone(): void }) {
  const { jobs, chosen } = props;
  const allTicked = jobs.length > 0 && chosen.length === jobs.length;
  const cancellable = chosen.filter((j) => j.status === 'queued' || j.status === 'running').map((j) => j.id);
  // Only where another try can change the outcome (a password-protected PDF stays protected).
  const retryable = chosen.filter(canRetry).map((j) => j.id);
  const failed = jobs.filter((j) => j.status === 'failed' && canRetry(j)).map((j) => j.id);
  const run = (work: Promise<void>) => {
    props.onDone();
    void work;
  };
  return (
    <div className="app-bulk" role="group" aria-label="Actions for many documents">
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id="select-all" type="checkbox" checked={allTicked} onChange={(e) => props.onSelectAll(e.target.checked)} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="select-all">
            Select all ({chosen.length.toLocaleString('en-GB')} selected)
          </label>
        </div>
      </div>
      <div className="app-button-row">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={cancellable.length === 0} onClick={() => run(cancelJobs(cancellable))}>
          Cancel selected
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={retryable.length === 0} onClick={() => run(retryJobs(retryable))}>
          Try selected again
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" disabled={chosen.length === 0} onClick={() => run(removeJobs(chosen.map((j) => j.id)))}>
          Remove selected
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={failed.length === 0} onClick={() => run(retryJobs(failed))}>
          Try failed again where it can help ({failed.length})
        </button>
      </div>
    </div>
  );
}
