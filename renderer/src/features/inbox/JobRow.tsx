import { memo } from 'react';
import { Tag, type TagColour } from '../../components/Tag';
import { ProgressBar } from '../../components/ProgressBar';
import { ERROR_MESSAGES, type Job } from '../../core';
import { STEP_LABEL, formatBytes } from '../../lib/format';
import { href } from '../../state/route';
import { canRetry } from './failure-kinds';

const STATUS: Record<Job['status'], { label: string; colour: TagColour }> = {
  queued: { label: 'Waiting', colour: 'grey' },
  running: { label: 'Processing', colour: 'blue' },
  complete: { label: 'Ready to review', colour: 'green' },
  failed: { label: 'Failed', colour: 'red' },
  cancelled: { label: 'Cancelled', colour: 'orange' },
};

export interface JobRowActions {
  select(id: string, on: boolean): void;
  cancel(id: string): void;
  retry(id: string): void;
  remove(id: string): void;
  prioritise(id: string): void;
}

function stepText(job: Job): string {
  if (job.status === 'queued') return job.waiting ? `Waiting: ${job.waiting}` : 'Waiting to start';
  if (job.status === 'running') return job.step ? STEP_LABEL[job.step] : 'Starting';
  if (job.status === 'complete') return job.duplicateOf ? 'Same document as one already processed' : 'Done';
  return '';
}

export const JobRow = memo(function JobRow({ job, selected, actions }: { job: Job; selected: boolean; actions: JobRowActions }) {
  const status = STATUS[job.status];
  const active = job.status === 'queued' || job.status === 'running';
  const message = job.error ? job.error.message || ERROR_MESSAGES[job.error.code] : null;
  const cbId = `select-${job.id}`;
  return (
    <div className="app-job" data-testid="job-row" data-job-id={job.id} data-status={job.status}>
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-job__select">
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id={cbId} type="checkbox" checked={selected} onChange={(e) => actions.select(job.id, e.target.checked)} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={cbId}>
            <span className="nhsuk-u-visually-hidden">Select {job.name}</span>
          </label>
        </div>
      </div>
      <div className="app-job__main">
        <p className="app-job__name">
          {job.status === 'complete' ? <a href={href({ screen: 'review', recordId: job.id })}>{job.name}</a> : <span>{job.name}</span>}
          <span className="app-job__size"> {formatBytes(job.size)}</span>
        </p>
        <p className="app-job__status">
          <Tag colour={status.colour}>{status.label}</Tag>
          <span className="app-job__step" data-testid="job-step">
            {stepText(job)}
          </span>
        </p>
        {active ? <ProgressBar value={job.percent} label={`Progress for ${job.name}`} size="small" /> : null}
        {message ? (
          <p className="app-job__error" data-testid="job-error" data-error-code={job.error?.code}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {message}
          </p>
        ) : null}
      </div>
      <div className="app-job__actions">
        {job.status === 'queued' && !job.priority ? (
          <button type="button" className="app-link-button" onClick={() => actions.prioritise(job.id)}>
            Do next<span className="nhsuk-u-visually-hidden"> ({job.name})</span>
          </button>
        ) : null}
        {active ? (
          <button type="button" className="app-link-button" onClick={() => actions.cancel(job.id)}>
            Cancel<span className="nhsuk-u-visually-hidden"> {job.name}</span>
          </button>
        ) : null}
        {canRetry(job) ? (
          <button type="button" className="app-link-button" onClick={() => actions.retry(job.id)}>
            Try again<span className="nhsuk-u-visually-hidden"> ({job.name})</span>
          </button>
        ) : null}
        <button type="button" className="app-link-button app-link-button--danger" onClick={() => actions.remove(job.id)}>
          Remove<span className="nhsuk-u-visually-hidden"> {job.name}</span>
        </button>
      </div>
    </div>
  );
});
