export interface Bar {
  label: string;
  value: number;
}

/**
 * A plain SVG bar chart: no chart library, nothing fetched, scales to its container. The
 * same figures follow in a table for screen readers and for anyone who wants the numbers.
 */
export function BarChart(props: { id: string; title: string; bars: Bar[]; valueLabel: string; format?: (n: number) => string }) {
  const { bars } = props;
  const format = props.format ?? ((n: number) => n.toLocaleString('en-GB'));
  const width = 640;
  const height = 240;
  const pad = { top: 16, right: 8, bottom: 48, left: 56 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const slot = innerW / Math.max(1, bars.length);
  const barW = Math.max(4, slot * 0.7);
  const labelEvery = Math.ceil(bars.length / 12);
  return (
    <figure className="app-chart" data-testid={`chart-${props.id}`}>
      <figcaption className="nhsuk-heading-s">{props.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-desc`} className="app-chart__svg">
        <desc id={`${props.id}-desc`}>
          {props.title}: {bars.map((b) => `${b.label} ${format(b.value)}`).join(', ') || 'no data yet'}
        </desc>
        {ticks.map((t) => {
          const y = pad.top + innerH - (t / top) * innerH;
          return (
            <g key={t}>
              <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} className="app-chart__grid" />
              <text x={pad.left - 6} y={y + 4} textAnchor="end" className="app-chart__tick">
                {format(t)}
              </text>
            </g>
          );
        })}
        {bars.map((b, i) => {
          const h = (b.value / top) * innerH;
          const x = pad.left + i * slot + (slot - barW) / 2;
          return (
            <g key={b.label}>
              <rect x={x} y={pad.top + innerH - h} width={barW} height={h} className="app-chart__bar" data-testid="bar" data-value={b.value} />
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={height - pad.bottom + 16} textAnchor="middle" className="app-chart__tick">
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={pad.left} x2={width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} className="app-chart__axis" />
      </svg>
      <details className="nhsuk-details app-chart__data">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Show the figures</span>
        </summary>
        <div className="nhsuk-details__text">
          <table className="nhsuk-table">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col"> </th>
                <th scope="col">{props.valueLabel}</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {bars.map((b) => (
                <tr key={b.label}>
                  <th scope="row">{b.label}</th>
                  <td>{format(b.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Round gridlines (1, 2, 5 × 10ⁿ) that reach at least the largest value. */
export function niceTicks(max: number, count = 4): number[] {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  if (out.length < 2) out.push(step);
  return out;
}
