import { classifyHeading, CLINICAL_KINDS } from './headings';
import { makeSegment, type Line } from './lines';

/**
 * Pages printed in two (or more) columns: a line carrying two headings side by side
 * ('Allergies & sensitivities' … 'Active problems') starts a region where each column is a
 * section of its own. The region's lines are cut at the gutters and re-ordered so that each
 * column reads top to bottom, one after the other, before the section finder sees them.
 * The region ends at the page's end or at a line that runs across a gutter.
 */
// A column's text can start a little left of its heading (cell padding differs): the gutter
// is taken this far left of each heading after the first.
const GUTTER_SLACK = 8;

function gutterHeadings(line: Line): number[] | null {
  if (line.segments.length < 2) return null;
  // Every part a heading: wholly heading words, or a short title that names its kind
  // ('About the patient' beside 'Medicines', as cards print them), with one at least a
  // clinical list's heading outright.
  // A label and its value ('Allergy:' beside 'H/O: amoxicillin allergy') is not two headings.
  const matches = line.segments.map((s) => (s.text.split(/\s+/).length <= 5 ? classifyHeading(s.text) : null));
  const allExact = matches.every((m) => m?.exact);
  const titled = !line.segments.some((s) => s.text.includes(':')) && matches.every((m) => m !== null) && matches.some((m) => m!.exact && CLINICAL_KINDS.has(m!.kind));
  if (!allExact && !titled) return null;
  return line.segments.slice(1).map((s) => s.x - GUTTER_SLACK);
}

function cutLine(line: Line, gutters: number[]): Line[] {
  const bounds = [-Infinity, ...gutters, Infinity];
  const out: Line[] = [];
  for (let c = 0; c + 1 < bounds.length; c++) {
    const segments = line.segments.filter((s) => s.x >= bounds[c]! && s.x < bounds[c + 1]!);
    if (!segments.length) {
      out.push(null as unknown as Line);
      continue;
    }
    const items = segments.flatMap((s) => s.items);
    out.push({
      ...line,
      segments: segments.map((s) => makeSegment(s.items)),
      items,
      y: Math.min(...items.map((i) => i.y)),
      bottom: Math.max(...items.map((i) => i.y + i.height)),
      text: segments.map((s) => s.text).join('  '),
    });
  }
  return out;
}

function crossesGutter(line: Line, gutters: number[]): boolean {
  return line.segments.some((s) => gutters.some((g) => s.x < g && s.right > g + 2));
}

/**
 * Where the columns stop: at a line across a gutter, or, once the other columns have run
 * out, at the next heading in the first column's style (a full-width section follows).
 */
function regionEnd(lines: Line[], start: number, gutters: number[]): number {
  const head = lines[start]!;
  let cross = start + 1;
  while (cross < lines.length && lines[cross]!.page === head.page && !crossesGutter(lines[cross]!, gutters)) cross++;
  let lastRight = start;
  for (let j = start + 1; j < cross; j++) if (lines[j]!.segments.some((s) => s.x >= gutters[0]!)) lastRight = j;
  const style = `${head.segments[0]!.font}|${Math.round(head.size)}`;
  for (let j = lastRight + 1; j < cross; j++) {
    const l = lines[j]!;
    if (l.segments.length === 1 && `${l.segments[0]!.font}|${Math.round(l.size)}` === style && classifyHeading(l.text)) return j;
  }
  return cross;
}

export function reflowColumns(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const gutters = gutterHeadings(line);
    if (!gutters) {
      out.push(line);
      continue;
    }
    const end = regionEnd(lines, i, gutters);
    const columns: Line[][] = gutters.map(() => []).concat([[]]);
    for (let j = i; j < end; j++) cutLine(lines[j]!, gutters).forEach((part, c) => part && columns[c]!.push(part));
    for (const col of columns) out.push(...col);
    i = end - 1;
  }
  out.forEach((l, k) => (l.index = k));
  return out;
}
