/**
 * Time for the engine. Everything that decides by the clock reads `now()`, so tests can
 * jump a day or an hour without waiting; only the wake-up timers are real.
 */
export type Now = () => number;

/** The local calendar day of an instant, as YYYY-MM-DD: budgets reset at local midnight. */
export function localDay(at: number): string {
  const d = new Date(at);
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

/** The first instant of the next local day. */
export function nextLocalMidnight(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** A wait in plain words for the status banner: '40 s', '12 min', '3 h'. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.ceil(min / 60)} h`;
}
