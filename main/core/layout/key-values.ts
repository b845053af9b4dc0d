import type { TextItem } from '../contract/text';
import { joinItems, type Line } from './lines';
import { splitItems } from './list';

/**
 * Entries printed as groups of 'Label: value' lines ('Medication Name: Ramipril 5mg capsules'
 * / 'Directions: …' / 'Status: Current' / 'Code: 137927'), one or two pairs to a row. Each
 * group is one entry: a table row turned on its side. A group starts where its first label
 * comes round again (or a main-text label such as 'Medication Name' does). A line with no
 * label continues the value printed above it at the same place.
 */
export interface KvPair {
  label: string;
  value: TextItem[];
  /** Where the pair starts on its line, and where its value starts. */
  x: number;
  valueX: number;
  line: Line;
}

export interface KvForm {
  /** Labels in the order first seen. */
  labels: string[];
  groups: KvPair[][];
  /** Lines the groups took (the rest are the section's leftovers). */
  used: Set<Line>;
}

// A label: a few words, capitalised, then a colon. 'Dr Smith: …' is not excluded by form; the
// groups' repetition is what makes a key-value section.
const LABEL = /^\s*(\p{Lu}[\p{L}()/'’. -]{0,34}?)\s*:(?=\s|$)/u;

function labelOf(text: string): string | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  const label = m[1]!.trim();
  return label.split(/\s+/).length <= 5 ? label : null;
}

function pairsOf(line: Line): KvPair[] | null {
  const pairs: KvPair[] = [];
  for (const seg of line.segments) {
    const last = pairs[pairs.length - 1];
    // A value of its own that holds a colon ('Allergy:' … 'H/O: amoxicillin allergy') is the
    // value of the label before it, which has none yet.
    const label = last && last.value.length === 0 ? null : labelOf(seg.text);
    if (label) {
      const parts = splitItems(seg.items, /:\s*/);
      const value = parts.slice(1).flat();
      pairs.push({ label, value, x: seg.x, valueX: value[0]?.x ?? seg.right, line });
    } else if (pairs.length) {
      // A value printed apart from its label ('Diagnosis:' … 'Obesity').
      const last = pairs[pairs.length - 1]!;
      if (last.value.length === 0) last.valueX = seg.x;
      last.value.push(...seg.items);
    } else return null;
  }
  return pairs.length ? pairs : null;
}

/**
 * Reads a section as key-value groups, or says it is not one: most of its lines must open
 * with a label, and some label must come round again (or the section holds one group).
 */
export function readKeyValues(lines: Line[], isMainLabel: (label: string) => boolean): KvForm | null {
  const content = lines.filter((l) => l.text.trim());
  if (content.length < 2) return null;
  const labelled = content.filter((l) => labelOf(l.segments[0]!.text));
  if (labelled.length / content.length < 0.6) return null;

  const groups: KvPair[][] = [];
  const used = new Set<Line>();
  let opener: string | null = null;
  let current: KvPair[] | null = null;
  for (const line of content) {
    const pairs = pairsOf(line);
    if (!pairs) {
      // Wrapped values: each piece continues the pair above whose value starts where it does
      // (two pairs to a row wrap side by side).
      for (const seg of line.segments) {
        const target = current?.filter((p) => p.line.page === line.page && Math.abs(p.valueX - seg.x) < 6).pop();
        // A line that is neither a pair nor a value's continuation (a medicine's name over its
        // labelled dose and quantity) means this is a list with labelled parts, not groups.
        if (!target) return null;
        target.value.push(...seg.items);
      }
      used.add(line);
      continue;
    }
    used.add(line);
    for (const pair of pairs) {
      opener ??= pair.label;
      const opens = pair.label === opener || (isMainLabel(pair.label) && current?.some((p) => isMainLabel(p.label)));
      if (!current || opens || current.some((p) => p.label === pair.label)) {
        current = [];
        groups.push(current);
      }
      current.push(pair);
    }
  }
  const labels = [...new Set(groups.flat().map((p) => p.label))];
  const repeats = groups.length >= 2 && labels.length >= 2;
  if (!repeats && !(groups.length === 1 && groups[0]!.some((p) => isMainLabel(p.label)))) return null;
  return { labels, groups, used };
}

export function pairText(pair: KvPair): string {
  return joinItems(pair.value);
}
