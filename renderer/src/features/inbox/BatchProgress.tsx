import { ProgressBar } from '../../components/ProgressBar';
import { formatEta, plural } from '../../lib/format';
import { useLive } from '../../state/live';

/** The batch in the engine: how far through, what failed, and roughly how long is left. */
export function BatchProgress() {
  const batch = useLive((s) => s.batch);
  if (!batch || batch.total === 0) return null;
  const done = batch.complete + batch.failed + batch.cancelled;
  const active = batch.queued + batch.running;
  const pct = (done / batch.total) * 100;
  return (
    <section className="app-batch" aria-labelledby="batch-title" data-testid="batch-progress">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="batch-title">
        {active > 0 ? 'Processing' : 'Batch finished'}: {done.toLocaleString('en-GB')} of {plural(batch.total, 'document')} done
      </h2>
      <ProgressBar value={pct} label="Batch progress" />
      <p className="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
        {batch.complete.toLocaleString('en-GB')} ready to review · {batch.failed.toLocaleString('en-GB')} failed · {batch.cancelled.toLocaleString('en-GB')} cancelled ·{' '}
        {active.toLocaleString('en-GB')} waiting or in progress
        {active > 0 && batch.etaSeconds != null ? ` · ${formatEta(batch.etaSeconds)} left` : ''}
      </p>
    </section>
  );
}
