import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/**
 * Reading electronegativity's CSV and deciding which findings are justified. A finding is
 * justified by a comment at its line, or in the comment lines directly above it:
 *   // electronegativity-ok CHECK_ID: why this is safe here (at least 20 characters)
 * A finding with no file (a global check) is justified by such a comment anywhere in the
 * scanned sources.
 */
export interface Finding {
  id: string;
  severity: string;
  file: string;
  line: number;
  sample: string;
}

export function parseFindings(csv: string): Finding[] {
  // electronegativity writes a sample as it found it, newlines and quotes unescaped: a row
  // starts with a check's id, and any other line carries on the row above.
  const lines = csv.trim().split(/\r?\n/);
  const records: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^[A-Z][A-Z0-9_]*,/.test(line) || records.length === 0) records.push(line);
    else records[records.length - 1] += ` ${line}`;
  }
  return records.map(parseRow);
}

function parseRow(line: string): Finding {
  return fromCells(Papa.parse<string[]>(line, { delimiter: ',' }).data[0] ?? []);
}

function fromCells(r: string[]): Finding {
  return {
    id: (r[0] ?? '').trim(),
    severity: (r[1] ?? '').trim(),
    file: (r[3] ?? '').trim(),
    line: Number((r[4] ?? '0:0').trim().split(':')[0]),
    sample: (r[5] ?? '').trim(),
  };
}

function justifies(text: string, id: string): boolean {
  const m = new RegExp(`electronegativity-ok ${id}:\\s*(.+)`).exec(text);
  return !!m && m[1]!.trim().length >= 20;
}

/** The findings nobody has explained. `readSource` maps a reported file to its text. */
export function unjustifiedFindings(findings: Finding[], readSource: (file: string) => string, allSources: string[]): Finding[] {
  return findings.filter((f) => {
    if (f.file === 'N/A' || !f.line) return !allSources.some((text) => justifies(text, f.id));
    const lines = readSource(f.file).split('\n');
    const at = f.line - 1;
    if (justifies(lines[at] ?? '', f.id)) return false;
    // Walk up through the comment block directly above the line.
    for (let i = at - 1; i >= 0 && /^\s*(\/\/|\*|\/\*)/.test(lines[i] ?? ''); i--) {
      if (justifies(lines[i]!, f.id)) return false;
    }
    return true;
  });
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
