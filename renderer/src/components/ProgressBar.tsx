/** A determinate progress bar with its value also in text, for people and for screen readers. */
export function ProgressBar({ value, label, size = 'normal' }: { value: number; label: string; size?: 'normal' | 'small' }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className={`app-progress app-progress--${size}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={`${pct}%`}
    >
      <div className="app-progress__fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
