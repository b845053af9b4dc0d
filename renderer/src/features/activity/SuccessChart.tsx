/** Success rate as a ring, with the counts beside it in words. */
export function SuccessChart({ complete, failed, cancelled }: { complete: number; failed: number; cancelled: number }) {
  const finished = complete + failed;
  const rate = finished ? complete / finished : 0;
  const r = 60;
  const c = 2 * Math.PI * r;
  return (
    <figure className="app-chart app-chart--ring" data-testid="chart-success">
      <figcaption className="nhsuk-heading-s">Success rate</figcaption>
      <div className="app-ring">
        <svg viewBox="0 0 160 160" role="img" aria-labelledby="success-desc" className="app-ring__svg">
          <desc id="success-desc">
            {finished ? `${Math.round(rate * 100)}% of finished documents were read: ${complete} read, ${failed} failed.` : 'No documents finished yet.'}
          </desc>
          <circle cx="80" cy="80" r={r} className="app-ring__track" />
          <circle cx="80" cy="80" r={r} className="app-ring__value" strokeDasharray={`${rate * c} ${c}`} transform="rotate(-90 80 80)" />
          <text x="80" y="88" textAnchor="middle" className="app-ring__label">
            {finished ? `${Math.round(rate * 100)}%` : '–'}
          </text>
        </svg>
        <ul className="nhsuk-list app-ring__legend">
          <li>
            <span className="app-key app-key--ok" aria-hidden="true" /> {complete.toLocaleString('en-GB')} read
          </li>
          <li>
            <span className="app-key app-key--fail" aria-hidden="true" /> {failed.toLocaleString('en-GB')} failed
          </li>
          <li>{cancelled.toLocaleString('en-GB')} cancelled (not counted)</li>
        </ul>
      </div>
    </figure>
  );
}
