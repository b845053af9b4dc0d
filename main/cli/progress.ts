/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal, so that logs
 * and pipes stay clean. Counts, pages, rate and ETA; never file names or content.
 */
export interface ProgressSnapshot {
  done: number;
  total: number;
  failed: number;
  pages: number;
}

export class ProgressBar {
  private last = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {}

  update(s: ProgressSnapshot, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 24;
    const frac = s.total ? s.done / s.total : 1;
    const filled = Math.round(frac * width);
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? s.done / secs : 0;
    const eta = rate > 0 && s.done < s.total ? `ETA ${formatSeconds((s.total - s.done) / rate)}` : '';
    const bar = `[${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}]`;
    const text = `${bar} ${s.done}/${s.total} documents · ${s.pages} pages · ${s.failed} refused · ${rate.toFixed(1)}/s ${eta}`;
    this.stream.write(`\r${text.padEnd(100)}`);
    this.drawn = true;
  }

  end(s: ProgressSnapshot): void {
    if (!this.enabled) return;
    this.update(s, true);
    if (this.drawn) this.stream.write('\n');
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
