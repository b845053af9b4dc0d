import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The --json output file doubles as the run's journal. Each line is appended as its
 * document finishes, so a run killed midway keeps everything finished before the kill;
 * at the end the file is rewritten, atomically, in input order. A resumed run keeps the
 * lines of documents already complete and redoes the rest, so each document ends up in
 * the file exactly once.
 */
export interface OutputLine {
  file: string;
  status: 'complete' | 'failed' | 'cancelled';
  sha256?: string | null;
  [key: string]: unknown;
}

/** Complete lines from a previous run, by file path. A torn last line is ignored. */
export function readCompleted(path: string): Map<string, OutputLine> {
  const done = new Map<string, OutputLine>();
  if (!existsSync(path)) return done;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    let line: OutputLine;
    try {
      line = JSON.parse(raw) as OutputLine;
    } catch {
      continue;
    }
    if (line && typeof line.file === 'string' && line.status === 'complete') done.set(line.file, line);
  }
  return done;
}

export class Journal {
  constructor(private readonly path: string) {}

  /** Starts the journal with the lines kept from a previous run (or empty). */
  begin(kept: OutputLine[]): void {
    this.writeAtomically(kept);
  }

  append(line: OutputLine): void {
    appendFileSync(this.path, JSON.stringify(line) + '\n');
  }

  /** The final file: one line per input, in input order. */
  finish(lines: OutputLine[]): void {
    this.writeAtomically(lines);
  }

  private writeAtomically(lines: OutputLine[]): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, lines.map((l) => JSON.stringify(l) + '\n').join(''));
    renameSync(tmp, this.path);
  }
}
