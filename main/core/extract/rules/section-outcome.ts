import { joinItems, type Line } from '../../layout/lines';
import { isDateOnly } from '../../normalise/dates';
import { findHeader, readTable, roleOf, type Column, type TableHeader, type RowLine, type Table, type TableRow } from '../../layout/table';
import { COLUMN_VOCAB, HEADER_OPTIONS, MAIN_TEXT_ROLES, type ColumnRole } from '../../layout/column-vocab';
import { readKeyValues, type KvForm } from '../../layout/key-values';
import { qualifierOnly } from '../../layout/sections';
import type { TextItem } from '../../contract/text';
import { classifyHeading } from '../../layout/headings';
import { splitEntries } from '../../layout/list';
import { isStatedEmpty, withoutDates } from './cells';

/** What a section parser made of its lines, for the section report and confidence. */
export interface SectionOutcome {
  rows: number;
  statedEmpty: boolean;
  form: 'table' | 'list' | 'key-value' | 'none';
  /** Lines that carried content but produced nothing: listed as unread, and they flag the section. */
  unparsed: Line[];
  /** Lines in the section that carried content. */
  contentLines: number;
}

/** Lines that belong to no entry: document metadata printed inside a section. */
export function isMetadataLine(text: string): boolean {
  const t = text.trim();
  const h = classifyHeading(t);
  // Only a line that is wholly such a heading ('Notes', 'Next of kin'): an entry that
  // mentions one of its words ('Latex — contact dermatitis', 'Penicillin - risk of
  // anaphylaxis') is still an entry.
  if (h?.kind === 'other' && h.exact) return true;
  // A list's own title printed as its text ('Problems List' under 'Active Problems').
  if (h?.exact && !/[,;:]/.test(t) && t.split(/\s+/).length <= 4 && /\b(?:list|section|summary|record|history)\b/i.test(t)) return true;
  return (
    /^(?:summary (?:sent|created|printed)|created by|printed (?:on|by|at)|generated|report (?:date|run)|page \d|end of (?:report|summary|record))\b/i.test(t) ||
    // A letter's closing and its requests to the GP are not entries.
    /^(?:yours (?:sincerely|faithfully)|kind regards|best wishes|with (?:kind )?regards|dear\s|cc\s*:|please\s(?!continue)|we would be grateful|i would be grateful|many thanks|thank you)/i.test(t) ||
    // Plans and follow-up are not entries ('Follow-up: we will review…', 'No hospital follow-up is planned.').
    /^(?:follow[- ]?up\b|no (?:hospital |further )?follow[- ]?up|plan\s*:|we will (?:review|see|arrange)|i will (?:review|see|arrange)|to be reviewed|review in\b|gp to\b|the gp (?:is asked|may|should))/i.test(t)
  );
}

export interface SectionForm {
  /** The section's tables, each read with its own columns (empty for a list). */
  tables: Table[];
  /** Entries when the section is a list (no header row). */
  entries: Line[][];
  statedEmpty: boolean;
  /** Content lines the table or list did not take (before the header, after the table). */
  leftover: Line[];
  /** How the section was printed, when not plainly a table or a list. */
  form?: 'key-value';
}

export type ListKind = 'medications' | 'allergies' | 'problems';

/**
 * What each column is for, for one kind of list: the best main-text column becomes the
 * entry's name ('name', 'description', 'term'); other main-text columns are read past; a
 * 'Dose' column gives the dosage where no instructions column does, and opens it where one does; 'Status' tells a
 * medication's kind as 'Type' does.
 */
export function fieldRoles(columns: Column[], kind: ListKind): (string | null)[] {
  const roles = columns.map((c) => c.role);
  const main = MAIN_TEXT_ROLES[kind].map((r) => roles.indexOf(r)).find((k) => k >= 0) ?? -1;
  const has = (r: string) => roles.includes(r);
  return roles.map((r, k) => {
    if (k === main) return kind === 'medications' ? 'name' : kind === 'allergies' ? 'description' : 'term';
    if (r === 'date' || r === 'endDate') return r;
    if (kind === 'medications') {
      if (r === 'dosage' || r === 'quantity' || r === 'type' || r === 'reason') return r;
      // Beside an instructions column, a dose ('500mg' beside 'Three times a day') opens the
      // dosage rather than being dropped. A strength column stays apart: the medicine's
      // name is printed in its own column, as staff will compare it.
      if (r === 'dose') return !has('dosage') ? 'dosage' : /strength/i.test(columns[k]!.text) ? 'ignore' : 'doseLead';
      if (r === 'status') return 'type';
    }
    if (kind === 'allergies' && r === 'reaction') return r;
    if (kind === 'allergies' && r === 'text' && !has('reaction') && /\bdetails?\b/i.test(columns[k]!.text)) return 'reaction';
    return r === null ? null : 'ignore';
  });
}

/**
 * Decides whether a section is a table (it has a header row), a list, or says it is empty,
 * and hands back rows or entries for the section's own parser. Columns come back with the
 * roles of `fieldRoles`.
 */
export function readSectionForm(lines: Line[], kind: ListKind, roles: { isAnnotation?: (text: string) => boolean } = {}): SectionForm {
  // Sub-headings printed in the body's place ('Active' / 'Resolved', 'In use') are not entries.
  const content = lines.filter((l) => !isMetadataLine(l.text) && !(l.segments.length === 1 && qualifierOnly(l.text)));
  // Nothing but statements that it is empty, or only its own title and sub-headings.
  // Lines taken for the document's own notes ('Printed on …') say nothing of the list, so a
  // section of nothing else is left for staff to read rather than passed as 'none'.
  const notes = lines.filter((l) => isMetadataLine(l.text) && !classifyHeading(l.text)?.exact);
  if ((content.length > 0 && content.every((l) => isStatedEmpty(l.text))) || (content.length === 0 && lines.length > 0 && notes.length === 0)) {
    return { tables: [], entries: [], statedEmpty: true, leftover: [] };
  }
  if (content.length === 0 && lines.length > 0) return { tables: [], entries: [], statedEmpty: false, leftover: notes };
  const found = findHeader(lines, COLUMN_VOCAB, 0, HEADER_OPTIONS);
  const kv = readKeyValues(content, (label) => MAIN_TEXT_ROLES[kind].includes(roleOf(label, COLUMN_VOCAB) as ColumnRole));
  // 'Type: Allergy' is made of column words, but it is a label and its value: where the line
  // taken for a header row is one of the section's label lines, the section is key-value.
  if (kv && (!found || kv.used.has(lines[found.lines[0]!]!))) return kvTable(content, kv, kind);
  if (found) {
    // A section can hold several tables, each under its own header row (under sub-headings
    // printed in the body's style, or one after another).
    const tables: Table[] = [];
    const used = new Set<number>();
    // Asked of every body line, and again when a table is read a second time (with a date
    // column found from its cells): the answer for a line never changes, so it is kept.
    const starts = new Map<number, boolean>();
    const headerFont = lines[found.lines[0]!]!.segments[0]!.font;
    const startsTable = (i: number) => {
      let known = starts.get(i);
      if (known === undefined) {
        const h = findHeader(lines.slice(0, i + 6), COLUMN_VOCAB, i, HEADER_OPTIONS);
        // A new table names its main column; a stray line of header words does not start one.
        // Printed as the section's first header row is: a wrapped cell's last line
        // ('(substance)' / 'reaction') can hold column words too, in the body's face.
        known = h !== null && h.lines[0] === i && h.columns.some((c) => ['drug', 'allergen', 'term', 'text'].includes(c.role ?? '')) && lines[i]!.segments[0]!.font === headerFont;
        starts.set(i, known);
      }
      return known;
    };
    let next: TableHeader | null = found;
    while (next) {
      const fields = fieldRoles(next.columns, kind);
      const header: TableHeader = { ...next, columns: next.columns.map((c, k) => ({ ...c, role: fields[k] ?? null })) };
      const anchor = fields.indexOf('date');
      const key = fields.findIndex((r) => r === 'name' || r === 'description' || r === 'term');
      const lastHeaderLine: number = header.lines[header.lines.length - 1]!;
      const read = (h: TableHeader, a: number): Table => readTable(lines, h, { isAnnotation: roles.isAnnotation, anchor: a >= 0 ? a : 0, key, isNewTable: (i) => i > lastHeaderLine + 1 && startsTable(i) });
      let table = read(header, anchor);
      // A column whose name we do not know ('Asserted'), or that shares its name's meaning with
      // another, but whose cells are all dates is the date column, where the table has none by
      // name: read again with it as the anchor.
      const dated = anchor < 0 ? datedColumn(table) : -1;
      if (dated >= 0) {
        header.columns[dated] = { ...header.columns[dated]!, role: 'date' };
        table = read(header, dated);
      }
      table.used.forEach((i) => used.add(i));
      tables.push(table);
      next = table.end < lines.length ? findHeader(lines, COLUMN_VOCAB, table.end, HEADER_OPTIONS) : null;
    }
    const leftover = lines.filter((l, i) => !used.has(i) && !isMetadataLine(l.text) && !isStatedEmpty(l.text) && !(l.segments.length === 1 && qualifierOnly(l.text)) && i > found.lines[0]!);
    const allRows = tables.flatMap((t) => t.rows);
    // 'No known allergies  01/01/2001', and a sub-list's heading over its statement that it
    // is empty ('Past' / 'None recorded') run on under the table.
    const emptyRows = allRows.filter(
      (r) => isStatedEmpty(withoutDates(rowText(r))) || (r.lines.length >= 2 && qualifierOnly(r.lines[0]!.line.text) && r.lines.slice(1).every((rl) => isStatedEmpty(rl.line.text))),
    );
    const statedEmpty = emptyRows.length > 0 && emptyRows.length === allRows.length;
    return { tables: tables.map((t) => ({ ...t, rows: t.rows.filter((r) => !emptyRows.includes(r)) })), entries: [], statedEmpty, leftover };
  }
  const listLines = content.filter((l) => !isStatedEmpty(l.text));
  return { tables: [], entries: splitEntries(listLines), statedEmpty: false, leftover: [] };
}

/**
 * The outline every section parser shares: a stated-empty section yields nothing; a table
 * is read row by row, a list entry by entry; whatever gives no entry counts as unparsed,
 * which lowers the section's confidence.
 */
export function parseRowsOrEntries(
  lines: Line[],
  form: SectionForm,
  read: { row(row: TableRow, columns: Column[]): boolean; entry(entry: Line[]): boolean },
): SectionOutcome {
  const contentLines = lines.length;
  if (form.statedEmpty) return { rows: 0, statedEmpty: true, form: form.tables.length ? 'table' : 'none', unparsed: [], contentLines };
  let rows = 0;
  const unparsed: Line[] = [...form.leftover];
  if (form.tables.length) {
    for (const table of form.tables) {
      for (const row of table.rows) {
        if (read.row(row, table.header.columns)) rows++;
        else unparsed.push(...row.lines.map((rl) => rl.line));
      }
    }
    return { rows, statedEmpty: false, form: form.form ?? 'table', unparsed, contentLines };
  }
  for (const entry of form.entries) {
    if (read.entry(entry)) rows++;
    else unparsed.push(...entry);
  }
  return { rows, statedEmpty: false, form: form.entries.length ? 'list' : 'none', unparsed, contentLines };
}

export function rowText(row: TableRow): string {
  return row.lines.map((l) => l.line.text).join(' ');
}

/** The items of one column across a row's lines, skipping lines the caller rejects. */
export function columnItems(row: TableRow, col: number, skip?: (rl: RowLine) => boolean) {
  return row.lines.filter((rl) => !skip?.(rl)).flatMap((rl) => rl.cells[col] ?? []);
}

/**
 * Key-value groups read as a table on its side: one column per label, one row per group,
 * so that the section parsers read them exactly as they read a table.
 */
function kvTable(lines: Line[], kv: KvForm, kind: ListKind): SectionForm {
  const columns: Column[] = kv.labels.map((label) => ({ role: roleOf(label, COLUMN_VOCAB), text: label, x: 0, right: 0 }));
  const fields = fieldRoles(columns, kind);
  const header = { lines: [], columns: columns.map((c, k) => ({ ...c, role: fields[k] ?? null })), key: kv.labels.join('|') };
  // 'Primary diagnosis: …' over 'Secondary diagnoses: …': each main label opens a group of
  // its own (see readKeyValues), and each names that group's entry, so all of them fill the
  // one main column rather than the second being read past.
  const main = fields.findIndex((f) => f === 'name' || f === 'description' || f === 'term');
  const isMain = (label: string) => MAIN_TEXT_ROLES[kind].includes(roleOf(label, COLUMN_VOCAB) as ColumnRole);
  const columnOf = (label: string) => (main >= 0 && isMain(label) ? main : kv.labels.indexOf(label));
  const rows: TableRow[] = kv.groups.map((group) => {
    const cells: TextItem[][] = kv.labels.map(() => []);
    for (const pair of group) cells[columnOf(pair.label)]!.push(...pair.value);
    return { lines: [{ line: group[0]!.line, cells }] };
  });
  const used = new Set<number>(lines.flatMap((l, i) => (kv.used.has(l) ? [i] : [])));
  const leftover = lines.filter((l) => !kv.used.has(l) && !isMetadataLine(l.text) && !isStatedEmpty(l.text));
  return { tables: [{ header, rows, used, end: lines.length }], entries: [], statedEmpty: false, leftover, form: 'key-value' };
}

/** The unnamed column whose cells are dates, row after row, or -1. */
function datedColumn(table: Table): number {
  const roles = table.header.columns.map((c) => c.role);
  return table.header.columns.findIndex((c, k) => {
    // Unnamed, or named like another column ('Dispensed' beside 'Pack', both read as quantity).
    if (c.role !== null && roles.filter((r) => r === c.role).length < 2) return false;
    const cells = table.rows.map((r) => r.lines.flatMap((rl) => rl.cells[k] ?? [])).filter((items) => items.length);
    // A named column needs fewer rows: its name already makes it a second of its kind, and a
    // short table ('Stopped', one row) still prints a date there.
    const enough = c.role !== null ? 1 : 2;
    return cells.length >= enough && cells.filter((items) => isDateOnly(joinItems(items))).length / cells.length >= 0.8;
  });
}
