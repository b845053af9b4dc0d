import { PageHeading } from '../../components/PageHeading';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { getApi } from '../../api';
import { JOB_STEPS, type EngineMetrics } from '../../core';
import { STEP_LABEL, formatDuration } from '../../lib/format';
import { jobOutcomes } from '../../db/job-outcomes';
import { getSettingsMirror } from '../../db/settings-mirror';
import { useLive } from '../../state/live';
import { BarChart, type Bar } from './BarChart';
import { SuccessChart } from './SuccessChart';
import { lastDays } from './days';
import { countOutcomes, successRate } from './outcomes';

const REFRESH_MS = 5000;

/** Short axis labels: '≤250ms', '≤2s', '≤1m', and '>1m' for the open-ended last bucket. */
function short(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`;
  return `${+(ms / 60_000).toFixed(1)}m`;
}

function bucketLabel(upToMs: number | null, previous: number | null): string {
  // The last bucket is open-ended (its bound may arrive as null or a huge number).
  if (upToMs === null || !Number.isFinite(upToMs) || upToMs > 24 * 3600_000) return `>${short(previous ?? 0)}`;
  return `≤${short(upToMs)}`;
}

/** Buckets up to the last one that has documents, so the chart is not mostly empty. */
function trimmed(histogram: EngineMetrics['histogram']): EngineMetrics['histogram'] {
  let last = histogram.length - 1;
  while (last > 0 && histogram[last]!.count === 0) last--;
  return histogram.slice(0, Math.min(histogram.length, last + 2));
}

export function ActivityScreen() {
  const [metrics, setMetrics] = useState<EngineMetrics | null>(null);
  const connected = useLive((s) => s.connected);
  // Outcomes of every document here, from the jobs' mirror: refusals apart from failures.
  const outcomes = useLiveQuery(async () => countOutcomes(await jobOutcomes()), [], null);
  // AI figures only when an AI service is set up (the settings as last seen from main).
  const aiInUse = useLiveQuery(async () => !!(await getSettingsMirror())?.provider, [], false);

  useEffect(() => {
    if (!connected) return;
    let live = true;
    const load = () =>
      void getApi()
        .getMetrics({})
        .then((r) => {
          if (live) setMetrics(r.metrics);
        })
        .catch(() => undefined);
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connected]);

  const histogram = useMemo<Bar[]>(
    () => trimmed(metrics?.histogram ?? []).map((b, i, all) => ({ label: bucketLabel(b.upToMs, i > 0 ? all[i - 1]!.upToMs : null), value: b.count })),
    [metrics],
  );
  const tokens = useMemo<Bar[]>(() => lastDays(14).map((day) => ({ label: day.label, value: metrics?.tokensPerDay[day.iso] ?? 0 })), [metrics]);

  return (
    <>
      <PageHeading>Activity</PageHeading>
      <p className="nhsuk-lede-text">How processing has gone since SCR Extract started.</p>
      {!metrics ? (
        <p className="nhsuk-body">Loading figures…</p>
      ) : (
        <>
          <div className="app-chart-grid">
            <BarChart id="histogram" title="Time to process a document" bars={histogram} valueLabel="Documents" />
            <SuccessChart outcomes={outcomes ?? { complete: 0, refused: 0, failed: 0, cancelled: 0, refusedBy: {} }} />
          </div>
          {aiInUse ? (
          <div className="app-chart-grid" data-testid="ai-charts">
            <BarChart id="tokens" title="AI tokens used per day (last 14 days)" bars={tokens} valueLabel="Tokens" />
            <div className="app-chart app-chart--note">
              <h2 className="nhsuk-heading-s">AI use</h2>
              <p className="nhsuk-body">
                {tokens.some((t) => t.value > 0)
                  ? `${tokens.reduce((n, t) => n + t.value, 0).toLocaleString('en-GB')} tokens in the last 14 days.`
                  : 'No AI tokens used in the last 14 days: documents were read by the rules on this computer.'}
              </p>
            </div>
          </div>
          ) : null}
          <h2 className="nhsuk-heading-m">Time per step</h2>
          <table className="nhsuk-table" data-testid="step-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Time per step</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Typical (median)</th>
                <th scope="col">Slow (95th percentile)</th>
                <th scope="col">Documents</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {[...JOB_STEPS, 'total' as const].map((step) => {
                const s = metrics.steps[step];
                return (
                  <tr key={step}>
                    <th scope="row">{step === 'total' ? 'Whole document' : STEP_LABEL[step]}</th>
                    <td>{s ? formatDuration(s.p50) : '–'}</td>
                    <td>{s ? formatDuration(s.p95) : '–'}</td>
                    <td>{s ? s.count.toLocaleString('en-GB') : 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="nhsuk-body-s" data-testid="success-rate-note">
            {outcomes && successRate(outcomes) !== null
              ? `Success rate across every document here: ${Math.round(successRate(outcomes)! * 100)}% (read, out of read and failed; refused documents are not failures).`
              : 'No document has finished yet.'}
          </p>
        </>
      )}
    </>
  );
}
