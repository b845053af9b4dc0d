import type { SectionKind } from '../../contract/extraction';
import type { MedicationCategory } from '../../contract/record';
import type { TextItem } from '../../contract/text';
import type { Line } from '../../layout/lines';
import { entryParts, splitItems, type ListPart } from '../../layout/list';
import { isMedicineShaped } from '../../layout/section-content';
import { joinItems, makeSegment } from '../../layout/lines';
import type { Column, TableRow } from '../../layout/table';
import { findDates, isDateOnly } from '../../normalise/dates';
import { dateIn, datesIn, itemsForRange, flatText, takeDate, tidy, type Piece } from './cells';
import { sourced, type RecordBuilder, type Sourced } from './record-builder';
import { readMedicationSentence } from './medication-sentences';
import { parseRowsOrEntries, readSectionForm, type SectionOutcome } from './section-outcome';

/**
 * Medication sections: the GP Summary table (Type / Date / Medication Item / Dosage
 * Instructions / Quantity, with 'Last Issued:' prefixes and sub-rows), other tables in any
 * column order, and lists.
 */
// '***Date Discontinued: 14 Feb 2024, Reason: …***' or 'Stopped: 01/02/2024'; a bare
// 'Discontinued' is a Type cell, not a note.
const NOTE_LABEL = /^\s*(?:date\s+)?(?:discontinued|stopped|ceased|ended|cancelled)(?:\s+on)?\s*/i;
const REASON_LABEL = /^\s*(?:reason for medication|reason for prescribing|reason|indication)\s*:/i;
const END_LABEL = /\b(?:date\s+)?(?:discontinued|stopped|ceased|ended|end date|cancelled)\b\s*(?:on)?\s*:?\s*$/i;

export function isMedicationAnnotation(text: string): boolean {
  return isDiscontinuedNote(text) || REASON_LABEL.test(text);
}

/**
 * A sub-row that says when the item stopped. A status cell that reads 'Discontinued' beside
 * the row's other cells ('Discontinued 25' over 'January 2024', 'Discontinued  2025  tablet')
 * is the row's own text: the note stands alone on its line (cells are two spaces apart in a
 * line's text) and gives its date whole, or a colon.
 */
function isDiscontinuedNote(text: string): boolean {
  if (/^\s*\*{2,}/.test(text)) return true;
  const m = NOTE_LABEL.exec(text);
  if (!m) return false;
  const rest = text.slice(m[0].length);
  if (/\S\s{2,}\S/.test(rest)) return false;
  return /^:/.test(rest) || findDates(rest)[0]?.index === 0;
}

/** The kind a type or status cell states outright ('Acute', 'Repeat', 'Stopped'). */
function statedCategory(text: string): MedicationCategory | null {
  // Without spaces too: a narrow status cell breaks words ('disconti' / 'nued').
  const t = `${text} ${text.replace(/\s+/g, '')}`.toLowerCase();
  // 'Completed', 'Expired': a course that has ended is no longer taken.
  if (/discontinu|stopped|ceased|past|ended|cancel|inactive|historic|previous|completed|expired|finished/.test(t)) return 'discontinued';
  if (/repeat|regular|long[- ]term|authoris/.test(t)) return 'repeat';
  if (/acute|one[- ]?off|short[- ]term/.test(t)) return 'acute';
  return null;
}

/**
 * The kind a type or status cell gives. 'Current' or 'Ongoing' says only that the medicine
 * is being taken: a type beside it ('Type: Acute', 'Status: Current') decides, and alone it
 * reads as a repeat.
 */
export function categoryFromText(text: string): MedicationCategory | null {
  return statedCategory(text) ?? (/current|ongoing/i.test(text) ? 'repeat' : null);
}

function sectionCategory(kind: SectionKind): MedicationCategory | null {
  return kind === 'acute' || kind === 'repeat' || kind === 'discontinued' ? kind : null;
}

/** Reads the dates in a date cell: its label says which date each one is. */
function readDateCell(items: TextItem[]): { date: Sourced<string> | null; end: Sourced<string> | null; plain: boolean } {
  let dates = datesIn(items);
  // Digits glued across a break inside the date ('25/07/2' / '024') read only with the break closed.
  if (dates.length === 0) {
    const joined = joinItems(items).replace(/(\d[/.-]?)\s+(?=[/.-]?\d)/g, '$1');
    const d = findDates(joined)[0];
    if (d) return { date: sourced(d.iso!, items, 0.9), end: null, plain: !/\p{L}/u.test(joined.slice(0, d.index)) };
  }
  let date: Sourced<string> | null = null;
  let end: Sourced<string> | null = null;
  let plain = true;
  let prev: (typeof dates)[number] | null = null;
  for (const d of dates) {
    const before = d.source.slice(0, d.index);
    const s = sourced(d.iso, d.items, d.items === items ? 0.9 : 0.95);
    // '2015-05-05 - 2020-02-02', '05/05/2015 to 02/02/2020': a period, the second date its end.
    const range = prev !== null && prev.source === d.source && /^\s*(?:-|–|—|to|until|~)\s*$/i.test(d.source.slice(prev.index + prev.text.length, d.index));
    prev = d;
    if (range || END_LABEL.test(before.slice(-40))) {
      end ??= s;
      plain = false;
    } else {
      if (/\p{L}/u.test(before)) plain = false;
      date ??= s;
    }
  }
  return { date, end, plain };
}

/** The category is read from the row's type cell, else from the section heading. */
/**
 * A medication's kind: what its section or its type/status cell names; failing both, what the
 * entry shows (a stop date: discontinued; a short course, 'for 7 days': acute; otherwise a
 * current medicine, repeat), which is a reading, not a statement, and scored as such.
 */
function categoryOf(
  kind: SectionKind,
  typeItems: TextItem[],
  heading: TextItem[],
  end: Sourced<string> | null,
  dosage: string | null,
): Sourced<MedicationCategory> {
  const headingText = text(heading);
  // 'Current medication' is read as a repeat section, but it only says the list is current:
  // a fixed course in it ('for 5 days') is acute, so the entry decides, as under no heading.
  const fromSection = kind === 'repeat' && !/\brepeats?\b/i.test(headingText) && dosage && SHORT_COURSE.test(dosage) ? null : sectionCategory(kind);
  // Only what the cell states: 'Current' alone leaves the kind to the entry ('for 7 days').
  const fromType = statedCategory(text(typeItems));
  // Stopped is stopped, whichever says it. A heading that only says the list is current
  // ('Current Medications') leaves acute or repeat to the entry's own type.
  if (fromType === 'discontinued' && fromSection !== 'discontinued') return sourced('discontinued', typeItems, 0.9);
  if (fromSection && fromType && fromSection !== fromType && !/\b(?:repeats?|acutes?|discontinued|stopped|past|previous)\b/i.test(headingText)) {
    return sourced(fromType, typeItems, 0.9);
  }
  if (fromSection) return sourced(fromSection, heading, 0.95);
  // 'Repeat' with the date it ended: the cell says what kind of prescription it was, the
  // end date that it is no longer taken.
  if (fromType && end) return sourced('discontinued', end.items, 0.85);
  if (fromType) return sourced(fromType, typeItems, 0.9);
  if (end) return sourced('discontinued', end.items, 0.85);
  if (dosage && SHORT_COURSE.test(dosage)) return sourced('acute', typeItems.length ? typeItems : heading, 0.75);
  return sourced('repeat', typeItems.length ? typeItems : heading, 0.85);
}

const SHORT_COURSE = /\bfor (?:\d+|one|two|three|four|five|six|seven|ten|fourteen) (?:days?|weeks?)\b|\b\d+[- ]day course\b|\bx\s?\d+\s?days?\b/i;

function text(items: TextItem[]): string {
  return tidy(joinItems(items));
}

export function parseMedicationSection(lines: Line[], kind: SectionKind, heading: TextItem[], b: RecordBuilder): SectionOutcome {
  const form = readSectionForm(lines, 'medications', { isAnnotation: isMedicationAnnotation });
  // A letter's paragraph: each sentence is its own entry ('We started A, … . We stopped B …').
  if (!form.tables.length) form.entries = joinInstructions(form.entries.flatMap(splitSentences));
  return parseRowsOrEntries(lines, form, {
    row: (row, columns) => addTableRow(row, columns, kind, heading, b),
    entry: (entry) => addListEntry(entry, kind, heading, b),
  });
}

/**
 * Which date column to read when a table has several: the issue date shown for the item is
 * 'last issued' for repeats, else the issue or prescribing date, else when it was started.
 */
function dateColumnRank(header: string): number {
  const h = header.toLowerCase();
  if (/last|latest|recent/.test(h)) return 3;
  if (/issue|prescri/.test(h)) return 2;
  if (/authoris/.test(h)) return 1;
  return 0;
}

function addTableRow(row: TableRow, columns: Column[], kind: SectionKind, heading: TextItem[], b: RecordBuilder): boolean {
  const roles = columns.map((c) => c.role);
  // Several date columns: keep the best-ranked one's cells under 'date', the rest apart.
  const dateCols = columns.map((c, k) => ({ c, k })).filter(({ c }) => c.role === 'date');
  const bestDate = dateCols.sort((a, b2) => dateColumnRank(b2.c.text) - dateColumnRank(a.c.text))[0]?.k;
  const byRole = new Map<string, TextItem[]>();
  // Cells of columns read past ('Issue', 'Comments', a column with no name we know).
  const unread = new Map<number, TextItem[]>();
  let end: Sourced<string> | null = null;
  const reasonCols = new Set<number>();
  for (const rl of row.lines) {
    if (isDiscontinuedNote(rl.line.text)) {
      const items = rl.line.items;
      const flat = flatText(items);
      const d = findDates(flat)[0];
      if (d?.iso && !end) end = sourced(d.iso, itemsForRange(items, d.index, d.length), 0.95);
      continue;
    }
    // A reason sub-row ('Reason: Deep vein thrombosis') may run across columns: the whole
    // line is the reason, and its columns carry the reason until the row ends.
    if (REASON_LABEL.test(rl.line.text)) {
      rl.cells.forEach((cell, k) => cell.length && reasonCols.add(k));
      continue;
    }
    rl.cells.forEach((cell, k) => {
      if (cell.length === 0) return;
      if (REASON_LABEL.test(joinItems(cell))) reasonCols.add(k);
      if (reasonCols.has(k)) return;
      const role = roles[k] === 'date' && k !== bestDate ? 'otherDate' : roles[k];
      if (!role || role === 'ignore') unread.set(k, [...(unread.get(k) ?? []), ...cell]);
      if (!role || role === 'ignore' || role === 'reason') return;
      const list = byRole.get(role) ?? [];
      list.push(...cell);
      byRole.set(role, list);
    });
  }
  const nameItems = byRole.get('name') ?? [];
  const name = text(nameItems);
  if (!name) return false;

  const dateCell = readDateCell(byRole.get('date')?.length ? byRole.get('date')! : (byRole.get('otherDate') ?? []));
  const endCol = byRole.get('endDate');
  const endCell = endCol ? readDateCell(endCol) : null;
  const typeText = text(byRole.get('type') ?? []);
  const category = sectionCategory(kind) ?? categoryFromText(typeText);
  let date = dateCell.date;
  end = end ?? dateCell.end ?? endCell?.date ?? endCell?.end ?? null;
  // A discontinued list gives one plain date: the date it was stopped.
  if (kind === 'discontinued' && !end && date && dateCell.plain && !endCol) {
    end = date;
    date = null;
  }
  // A status cell that gives its own date ('Repeat - discontinued 09-Mar-2024') dates the stop.
  const typeDate = category === 'discontinued' && !end ? datesIn(byRole.get('type') ?? [])[0] : undefined;
  if (typeDate) end = sourced(typeDate.iso, typeDate.items, 0.9);

  const dosageItems = withDose(byRole.get('doseLead') ?? [], byRole.get('dosage') ?? []);
  const qtyItems = byRole.get('quantity') ?? [];
  const dispensed = qtyItems.length ? null : quantityInDosage(dosageItems);
  // 'Drug and dose' in one column: 'Ramipril 5mg capsules - one daily'.
  const split = dosageItems.length ? null : nameThenDose(sourced(name, nameItems, 0.95));
  const at = b.addMedication({
    category: categoryOf(kind, byRole.get('type') ?? [], heading, end, split?.dosage.value ?? (text(dosageItems) || null)),
    name: split?.name ?? sourced(name, nameItems, 0.95),
    dosage: split ? split.dosage : dosageItems.length ? sourced(text(dosageItems) || null, dosageItems, 0.95) : null,
    quantity: qtyItems.length ? sourced(text(qtyItems) || null, qtyItems, 0.95) : dispensed,
    date,
    endDate: end,
  });
  // Instructions or a quantity in a column that was read past (a header misplaced over its
  // cells, or named in words we do not know) would be lost without a word: say so.
  for (const [k, items] of unread) {
    const t = text(items);
    // A strength alone ('500mg', in a 'Strength' column) is the medicine's, printed in its name.
    const strength = /^\d+(?:\.\d+)?\s*(?:mg|g|ml|micrograms?|mcg|nanograms?|units?|%)(?:\s*\/\s*[\d.]*\s*\p{L}+)?$/iu.test(t);
    const read = squash(`${text(dosageItems)} ${split?.dosage.value ?? ''}`);
    const missing = !strength && ((DOSE_WORDS.test(t) && !read.includes(squash(t))) || (QUANTITY_LIKE.test(t) && !qtyItems.length && !dispensed));
    if (missing) b.warn({ code: 'item-doubtful', path: `medications.${at}`, message: `The column “${columns[k]!.text}” holds “${t.slice(0, 60)}”, which reads like instructions or a quantity, but it was not read into any field. Check the entry against the document.` });
  }
  return true;
}

/** Text compared without case or spaces ('20 mg' is in '20mg orally daily'). */
function squash(t: string): string {
  return t.toLowerCase().replace(/\s+/g, '');
}

/** A dose column's cell before the instructions, unless the instructions already state it ('20 mg' / '20 mg orally daily'). */
function withDose(dose: TextItem[], instructions: TextItem[]): TextItem[] {
  const d = squash(text(dose));
  if (!d || squash(text(instructions)).includes(d)) return instructions;
  return [...dose, ...instructions];
}

/** A sentence, not a medicine: long, ends with a full stop, and names no strength or form. */
function isProse(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words >= 6 && /[.!?]$/.test(text.trim()) && !/\d\s?(?:mg|micrograms?|mcg|g|ml|units?|%)\b/i.test(text);
}

const CHANGE_LABEL = /^(started|new|stopped|discontinued|ceased|increased|reduced|decreased|changed|continued?|unchanged|restarted)\s*:\s*/i;
const QTY_LABEL = /^(?:qty|quantity|supply|supplied|amount|pack|dispense|disp)\s*[:=.-]?\s*/i;
const DOSE_LABEL = /^(?:dose|dosage|directions?|instructions?|sig)\s*[:=]\s*/i;
const ISSUE_LABEL = /^(?:(?:date\s+)?(?:last\s+)?issued|(?:date\s+)?(?:prescribed|started|authorised)|start date|date)\s*(?:on)?\s*:?\s*/i;
const END_PART = /^(?:date\s+)?(?:discontinued|stopped|ceased|ended|end date|cancelled)\s*(?:on)?\s*:?\s*/i;
const QUANTITY_LIKE =
  /^\d+(?:\.\d+)?\s*(?:x\s*\d+(?:\.\d+)?\s*)?(?:tablets?|capsules?|caps?|tabs?|ml|mls|millilitres?|l|g|grams?|kg|mg|micrograms?|doses?|sachets?|packs?|pre-?filled|patch(?:es)?|pessar(?:y|ies)|suppositor(?:y|ies)|inhalers?|bottles?|tubes?|ampoules?|vials?|pens?|units?|items?|strips?|devices?|kits?|applicators?|lozenges?|drops?|sprays?|pieces?|dressings?|bags?|cartridges?|needles?)\b/i;

/** 'Stopped: 30 May 2024' or 'stopped 30 May 2024 (course completed)': the label, then a date. */
function partDate(part: ListPart, label: RegExp): Sourced<string> | null {
  const m = label.exec(part.text);
  if (!m) return null;
  const rest = part.text.slice(m[0].length).trim();
  const first = findDates(rest)[0];
  // After the date: nothing, a bracket or a separator, or who issued it ('Issued 01/10/2026 by Dr A Smith').
  if (!first || first.index !== 0 || (!isDateOnly(rest) && !/^\s*(?:[(,;-]|(?:by|at|from|via)\s)/i.test(rest.slice(first.length)))) return null;
  const d = dateIn(part as Piece);
  return d ? sourced(d.iso, d.items, 0.9) : null;
}

function stripLabel(part: ListPart, label: RegExp): Sourced<string> | null {
  const m = label.exec(part.text);
  if (!m) return null;
  const value = tidy(part.text.slice(m[0].length));
  if (!value) return null;
  const flat = flatText(part.items);
  const at = flat.indexOf(value);
  return sourced(value, at >= 0 ? itemsForRange(part.items, at, value.length) : part.items, 0.9);
}

function addListEntry(entry: Line[], kind: SectionKind, heading: TextItem[], b: RecordBuilder): boolean {
  // A letter's sentence says itself what happened to the medicine, whatever the heading.
  const sentence = readMedicationSentence(entry);
  if (sentence) {
    b.addMedication({
      category: sourced(sentence.category, sentence.name.items, 0.8),
      name: sentence.name,
      dosage: sentence.dosage,
      quantity: null,
      date: null,
      endDate: sentence.endDate,
    });
    return true;
  }
  if (isProse(entry.map((l) => l.text).join(' ').trim())) return false;
  const parts = entryParts(entry).flatMap(expandPart);
  // A letter's list of changes ('Started: Bisoprolol 2.5mg once daily', 'Stopped: Diltiazem
  // 120mg'): the label says what happened to the medicine, and is not part of its name.
  const typeParts: TextItem[] = [];
  const change = parts[0] ? CHANGE_LABEL.exec(parts[0].text) : null;
  const changed = change ? stripLabel(parts[0]!, CHANGE_LABEL) : null;
  if (change && changed) {
    // The line it is printed on is where the kind was read ('Stopped').
    if (statedCategory(change[1]!) === 'discontinued') typeParts.push(...parts[0]!.items);
    parts[0] = { text: changed.value, items: changed.items };
  }
  let date: Sourced<string> | null = null;
  let end: Sourced<string> | null = null;
  let plainDate = false;
  let name: Sourced<string> | null = null;
  let dosage: Sourced<string> | null = null;
  let quantity: Sourced<string> | null = null;
  const extra: ListPart[] = [];
  for (const part of parts) {
    if (!tidy(part.text) || REASON_LABEL.test(part.text)) continue;
    let v: Sourced<string> | null;
    if (isDateOnly(part.text)) {
      const d = dateIn(part);
      if (d && !date) {
        date = sourced(d.iso, d.items, 0.9);
        plainDate = true;
      }
      continue;
    }
    if ((v = partDate(part, END_PART))) {
      end ??= v;
      continue;
    }
    if ((v = partDate(part, ISSUE_LABEL))) {
      // Issues listed under the medicine ('Issued 01/10/2026', 'Issued 03/09/2026'): the last one.
      if (!date || v.value > date.value) date = v;
      plainDate = false;
      continue;
    }
    if ((v = stripLabel(part, QTY_LABEL)) && QTY_LABEL.test(part.text) && /\d/.test(v.value)) {
      quantity ??= v;
      continue;
    }
    if ((v = stripLabel(part, DOSE_LABEL))) {
      dosage ??= v;
      continue;
    }
    // 'Repeat', 'Acute' printed apart, before the name or after it ('Repeat · last issued …').
    if (categoryFromText(part.text) && part.text.split(' ').length <= (name ? 2 : 3) && !/\d/.test(part.text) && (!name || !DOSE_WORDS.test(part.text))) {
      typeParts.push(...part.items);
      continue;
    }
    if (!name) {
      // '14/03/2024 Amlodipine 5mg tablets' or 'Amoxicillin 500mg capsules (issued 14/03/2024)':
      // the date comes out of the name.
      const { date: d, rest } = takeDate(part);
      if (d?.iso && rest.text && !date) {
        date = sourced(d.iso, d.items, 0.85);
        plainDate = !/issued|prescribed|started|authorised/i.test(part.text);
        name = sourced(rest.text, rest.items, 0.85);
      } else {
        name = sourced(tidy(part.text).replace(/(?<=\p{L})\s*\.$/u, ''), part.items, 0.85);
      }
      continue;
    }
    // '28 tablet' is a quantity; '10ml after meals' is how to take it.
    if (!quantity && QUANTITY_LIKE.test(part.text) && part.text.split(' ').length <= 5 && !TAKING_WORDS.test(part.text)) {
      quantity = sourced(part.text, part.items, 0.8);
      continue;
    }
    if (!dosage) {
      dosage = sourced(part.text, part.items, 0.8);
      continue;
    }
    extra.push(part);
  }
  if (!name || isProse(name.value)) return false;
  if (!dosage) {
    const split = nameThenDose(name);
    if (split) ({ name, dosage } = split);
  }
  if (dosage && extra.length) {
    // Wrapped instructions that broke at a capital ('Take FOUR tablets ONCE a' / 'WEEK…').
    const items = [...dosage.items, ...extra.flatMap((p) => p.items)];
    dosage = sourced(tidy(joinItems(items)), items, 0.7);
  }
  if (dosage && !quantity) {
    const cut = trailingQuantity(dosage);
    if (cut) ({ dosage, quantity } = cut);
  }
  if (kind === 'discontinued' && !end && date && plainDate) {
    end = date;
    date = null;
  }
  const category = categoryOf(kind, typeParts, heading, end, dosage?.value ?? null);
  b.addMedication({ category, name, dosage, quantity, date, endDate: end });
  return true;
}

/**
 * 'one daily, 28 tablets', 'ONE DAILY 28', '2 QDS PRN 100', '(one daily) x28': a list entry
 * that runs the quantity on after the instructions. A bare number is taken only at the end,
 * after the instructions, and never as a course's length ('for 14'), a limit ('max 8') or a
 * time ('every 4').
 */
function trailingQuantity(dosage: Sourced<string>): { dosage: Sourced<string>; quantity: Sourced<string> } | null {
  const m = /^(.*?\S)(?:\s*[,;]\s*|\s+[-–—]\s+|\s+|\)\s*)((?:x\s*)?\d+(?:\.\d+)?(?:\s*(?:tablets?|tabs?|capsules?|caps?|ml|g|sachets?|inhalers?|pens?|packs?|patch(?:es)?|doses?|units?))?)\s*\.?$/i.exec(dosage.value);
  if (!m) return null;
  const [, before, qty] = m;
  const bare = /^\d+$/.test(qty!.trim());
  if (/\b(?:for|every|max(?:imum)?|up to|upto|each|per|than|of|to|after|in)\s*$/i.test(before!) || !/\p{L}/u.test(before!)) return null;
  // '… last issued 12 Nov' / '2026': the year of a date, not a count.
  if (bare && /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*,?$/i.test(before!) && /^(?:19|20)\d{2}$/.test(qty!.trim())) return null;
  // A bare count needs two digits and instructions before it that end in words.
  if (bare && (qty!.trim().length < 2 || !/\p{L}\)?$/u.test(before!))) return null;
  // '20 units at night' has its number in the instructions, not after them.
  if (!DOSE_WORDS.test(before!) && !/\b(?:od|bd|tds|qds|prn|nocte|mane|om|on)\b/i.test(before!)) return null;
  const flat = flatText(dosage.items);
  const at = flat.lastIndexOf(qty!);
  const from = flat.indexOf(before!.replace(/^\(/, ''));
  const keep = before!.replace(/^\(/, '').replace(/\)$/, '').trim();
  return {
    dosage: sourced(keep, from >= 0 ? itemsForRange(dosage.items, from, keep.length) : dosage.items, dosage.confidence),
    quantity: sourced(qty!.replace(/^x\s*/i, '').trim(), at >= 0 ? itemsForRange(dosage.items, at, qty!.length) : dosage.items, 0.7),
  };
}

/** 'amlodipine 5mg tablets one daily': a medicine's form, then how to take it, in one run. */
function nameThenDose(name: Sourced<string>): { name: Sourced<string>; dosage: Sourced<string> } | null {
  const m = NAME_THEN_DOSE.exec(name.value) ?? STRENGTH_THEN_DOSE.exec(name.value) ?? FORM_THEN_DOSE.exec(name.value);
  if (!m) return null;
  const flat = flatText(name.items);
  const at = flat.indexOf(m[2]!, m[1]!.length);
  const from = flat.indexOf(m[1]!);
  if (at <= 0 || from < 0) return null;
  return {
    name: sourced(m[1]!, itemsForRange(name.items, from, m[1]!.length), name.confidence),
    dosage: sourced(m[2]!, itemsForRange(name.items, at, m[2]!.length), 0.8),
  };
}

/**
 * A list that prints a medicine on one line and how to take it on the next, with no gap
 * ('Ramipril 5mg capsules' / 'One daily'): the instructions are not a medicine of their own.
 */
function joinInstructions(entries: Line[][]): Line[][] {
  const out: Line[][] = [];
  for (const entry of entries) {
    const text = entry.map((l) => l.text).join(' ').trim();
    const prev = out[out.length - 1];
    const prevText = prev?.map((l) => l.text).join(' ') ?? '';
    if (prev && isInstructionOnly(text) && isMedicineShaped(prevText) && !DOSE_WORDS.test(prevText.replace(/^.*?\b(?:tablets?|capsules?|inhaler|cream|solution|drops|spray)\b/i, ''))) {
      out[out.length - 1] = [...prev, ...entry];
    } else out.push(entry);
  }
  return out;
}

/** How to take a medicine, and nothing else: no strength, opening with a dose or a verb. */
export function isInstructionOnly(text: string): boolean {
  return DOSE_START.test(text.trim()) && !/\d\s?(?:mg|micrograms?|mcg|ml|g|%)\b/i.test(text);
}

const DOSE_START = /^(?:one|two|three|four|half|take|apply|inhale|use|insert|instil|inject|dissolve|chew|spray|once|twice|\d+\s?(?:puffs?|drops?|tablets?|capsules?|sachets?)\b)\b/i;
const TAKING_WORDS = /\b(?:after|before|with|meals?|food|when|as|daily|a day|times|night|morning|evening|bedtime|required|directed)\b/i;
const DOSE_WORDS = /\b(?:daily|a day|at night|each (?:day|morning|night)|when required|as directed|once|twice|three times|four times)\b/i;

const NAME_THEN_DOSE =
  /^(.*?\d\s?(?:mg|micrograms?|mcg|ml|g|units?|%)\b.*?\b(?:tablets?|capsules?|caplets?|inhaler|cream|ointment|gel|solution|suspension|liquid|injection|drops|spray|patch(?:es)?|sachets?|pens?))\s*[-–:,]?\s+((?:one|two|three|four|half|take|apply|inhale|use|insert|instil|once|twice|daily|each|every|at night|od|bd|tds|qds|prn|nocte|mane|\d+\s?(?:puffs?|drops?|tablets?|capsules?))\b.*)$/i;

// 'Co-codamol 30/500 tablets 2 QDS PRN', 'Fostair 100/6 inhaler (beclometasone/formoterol) 2 puffs BD',
// 'Amlodipine 5mg tablets (one daily)': a form (and a bracket after it), then the dose,
// in words, as a count of units, or as a number and a frequency's abbreviation.
const FORM_THEN_DOSE =
  /^(.*?\b(?:tablets?|capsules?|caplets?|inhaler|cream|ointment|gel|solution|suspension|liquid|injection|drops|spray|patch(?:es)?|sachets?|pens?)\b(?:\s*\((?![^)]*\b(?:one|two|daily|od|bd)\b)[^)]*\))?)\s*[-–:,]?\s+\(?((?:one|two|three|four|half|take|apply|inhale|use|insert|instil|once|twice|daily|od|bd|tds|qds|prn|nocte|mane|\d+\s?(?:puffs?|drops?|tablets?|capsules?|units?|od|bd|tds|qds|daily|at night|nocte|mane|prn|om|on|x\s?daily))\b.*)$/i;

// 'bisoprolol 5mg once daily', as letters write a medicine: a name and strength, no form.
const STRENGTH_THEN_DOSE =
  /^(\p{L}[\p{L} -]*?\s\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?|%)(?:\s+(?:MR|SR|XL|CR|LA|EC|m\/r|e\/c|modified[- ]release))?)\s*[-–:,]?\s+((?:once|twice|three times|four times|daily|each|every|at night|od|bd|tds|qds|prn|nocte|mane|one|two|half|take|apply|inhale|use)\b.*)$/iu;

/**
 * 'Priadel 400mg tablets: Two tablets at night' — a medicine, then its dosage after a colon;
 * 'Two tablets four times a day (supplied: 100 tablet)' — a quantity in brackets. Each is
 * cut into the parts it holds.
 */
function expandPart(part: ListPart): ListPart[] {
  // 'take ONE tablet daily. Qty 28. Last issued 01/11/2026': labelled sentences after the instructions.
  const labelled = /\.\s+(?=(?:qty|quantity|supply|supplied|last issued|issued|prescribed|started|authorised)\b)/i;
  if (labelled.test(part.text)) {
    return splitItems(part.items, labelled).flatMap((items) => expandPart({ text: joinItems(items).replace(/\.$/, ''), items }));
  }
  const colon = /^(.+?):\s+(\S.*)$/.exec(part.text);
  if (colon && isMedicineShaped(colon[1]!) && !/^\d/.test(colon[1]!) && !/\([^)]*$/.test(colon[1]!)) {
    return splitItems(part.items, /:\s+/).map((items, i, all) => (i === 0 ? items : i === 1 ? all.slice(1).flat() : null)).filter((g): g is TextItem[] => g !== null).flatMap((items) => expandPart({ text: joinItems(items), items }));
  }
  const bracket = /^(?:.*\S\s*)?\(\s*(?:supplied|supply|qty|quantity|dispense|disp)\s*[:=-]?\s*\d[^()]*\)\s*\.?$/i.exec(part.text);
  if (bracket) {
    const groups = splitItems(part.items, /\s*\(\s*(?=(?:supplied|supply|qty|quantity|dispense|disp)\b)|\)\s*\.?\s*$/i);
    if (groups.length >= 1) return groups.map((items) => ({ text: joinItems(items), items }));
  }
  return [part];
}

/** Cuts an entry at the ends of its sentences: a full stop after a word, then a capital. */
function splitSentences(entry: Line[]): Line[][] {
  const items = entry.flatMap((l) => l.items);
  // Sentences ('… daily. Metformin …'), and a run of medicines cut by semicolons where the
  // next part opens with a name and a strength ('amlodipine 5mg …; metformin 500mg …').
  const groups = splitItems(items, /(?<=[\p{Ll}\d)]\.)\s+(?!(?:Qty|QTY|Quantity|Supply|Supplied|Last issued|Issued|Prescribed|Started|Authorised|Dose|Directions)\b)(?=\p{Lu}\p{Ll})|;\s*(?=\p{L}[\p{L}\s-]{1,40}?\s\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?)\b)/u);
  if (groups.length < 2) return [entry];
  return groups.map((g) => {
    const seg = makeSegment(g);
    return [{ ...entry[0]!, segments: [seg], items: g, text: seg.text, y: seg.y, bottom: seg.bottom, page: seg.page }];
  });
}

/**
 * 'Starting Sun 2/18/2024, Disp-60 tablet, R-0': a quantity given inside the instructions, as
 * some systems print the amount dispensed. Read only where no quantity column exists.
 */
function quantityInDosage(items: TextItem[]): Sourced<string> | null {
  const flat = flatText(items);
  const m = /\b(?:disp(?:ense|ensed)?|qty|quantity|supply)\s*[-:=]\s*(\d+(?:\.\d+)?\s*(?:x\s*\d+\s*)?[a-z]+)/i.exec(flat);
  if (!m) return null;
  const at = m.index + m[0].length - m[1]!.length;
  return sourced(m[1]!.replace(/\s+/g, ' '), itemsForRange(items, at, m[1]!.length), 0.85);
}
