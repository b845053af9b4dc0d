import { ERROR_MESSAGES } from '../../core';
import { plural } from '../../lib/format';
import { successRate, type Outcomes } from './outcomes';

/** What each refusal was, in a few words, for the legend. */
const REFUSAL_LABEL: Record<string, string> = {
  ERR_INVALID_FILE_TYPE: 'not a PDF',
  ERR_FILE_TOO_LARGE: 'too large or too many pages',
  ERR_PDF_TOO_COMPLEX: 'too complex to read safely',
  ERR_PDF_ENCRYPTED: 'password protected',
  ERR_NOT_SCR: 'not a patient summary',
};

/**
 * Success rate as a ring: read / (read + failed for reasons other than a refusal). Refused
 * documents (not a PDF, too large, password protected, not a summary) are the app doing its
 * job, so they are counted on their own, as are cancelled ones.
 */
export function SuccessChart({ outcomes }: { outcomes: Outcomes }) {
  const { complete, failed, refused, cancelled } = outcomes;
  const rate = successRate(outcomes);
  const r = 60;
  const c = 2 * Math.PI * r;
  const refusals = Object.entries(outcomes.refusedBy).filter(([code]) => code in ERROR_MESSAGES);
  return (
    <figure className="app-chart app-chart--ring" data-testid="chart-success" data-rate={rate === null ? '' : rate.toFixed(4)}>
      <figcaption className="nhsuk-heading-s">Success rate</figcaption>
      <div className="app-ring">
        <svg viewBox="0 0 160 160" role="img" aria-labelledby="success-desc" className="app-ring__svg">
          <desc id="success-desc">
            {rate !== null
              ? `${Math.round(rate * 100)}% of documents were read: ${complete} read, ${failed} failed. ${refused} refused, not counted as failures.`
              : 'No documents finished yet.'}
          </desc>
          <circle cx="80" cy="80" r={r} className="app-ring__track" />
          <circle cx="80" cy="80" r={r} className="app-ring__value" strokeDasharray={`${(rate ?? 0) * c} ${c}`} transform="rotate(-90 80 80)" />
          <text x="80" y="88" textAnchor="middle" className="app-ring__label">
            {rate !== null ? `${Math.round(rate * 100)}%` : '–'}
          </text>
        </svg>
        <ul className="nhsuk-list app-ring__legend">
          <li data-testid="outcome-complete">
            <span className="app-key app-key--ok" aria-hidden="true" /> {complete.toLocaleString('en-GB')} read
          </li>
          <li data-testid="outcome-failed">
            <span className="app-key app-key--fail" aria-hidden="true" /> {failed.toLocaleString('en-GB')} failed
          </li>
          <li data-testid="outcome-refused">
            {plural(refused, 'document')} refused (not counted)
            {refusals.length ? `: ${refusals.map(([code, n]) => `${REFUSAL_LABEL[code] ?? code} ${n.toLocaleString('en-GB')}`).join(', ')}` : ''}
          </li>
          <li>{cancelled.toLocaleString('en-GB')} cancelled (not counted)</li>
        </ul>
      </div>
    </figure>
  );
}
