import { roleOf } from '../../layout/table';
import { COLUMN_VOCAB } from '../../layout/column-vocab';
import { findDates } from '../../normalise/dates';
import { isInstructionOnly } from './medications';
import { isRunningText } from './cells';
import type { RecordBuilder } from './record-builder';

/**
 * Entries that do not look like what they are filed as, checked after reading: the marks of
 * a row read wrongly (two rows run together, one row cut in two, a header or a label taken
 * for an entry) or of a value in the wrong column. Each raises a flag on the entry, or on
 * the field, with what looks wrong; nothing is changed.
 */
// A medicine's strength and form, then a capitalised name and a second strength: two rows
// run together ('Sitagliptin 100mg tablets Levothyroxine sodium 100microgram tablets').
const TWO_MEDICINES =
  /\d\s?(?:mg|micrograms?|mcg|g|ml|units?|%)\b.*?\b(?:tablets?|capsules?|caplets?|inhaler|cream|ointment|gel|solution|suspension|injection|drops|spray|patch(?:es)?|sachets?|pens?)\b.*?\s\p{Lu}\p{Ll}{2,}.*?\d\s?(?:mg|micrograms?|mcg|g|ml|units?|%)\b/u;
// Words a medicine's name does not start with, but the second line of a wrapped one does.
const CONTINUATION = /^(?:and|or|of|with|in|for|to|the|free|release|resistant|tablets?|capsules?|dose|sugar|modified|gastro|solution|cream|inhaler|spray|suspension|oral)\b/;
const INSTRUCTION = /\b(?:to be (?:taken|used|applied|inhaled|chewed|given)|(?:once|twice|three times|four times) (?:a|per) (?:day|week)|each (?:day|morning|night|evening)|at night|when required|as directed)\b/gi;

const MEDICINE_WITH_DOSE =
  /\d\s?(?:mg|micrograms?|mcg|ml|units?)\b.*\b(?:tablets?|capsules?|inhaler|cream|ointment|solution|injection|once|twice|daily|at night|each morning|when required|od|bd|tds|qds|prn)\b/i;
const STATEMENT = /^(?:no|not|none|nil|nothing|unknown|takes no|taking no|patient (?:has|takes|reports) no)\b/i;

/** A column heading, word for word ('Drug', 'Medical Problem'), taken for an entry. */
function isHeaderText(text: string): boolean {
  const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.length > 0 && words.length <= 3 && roleOf(text, COLUMN_VOCAB) !== null && words.every((w) => HEADER_ONLY.has(w));
}
const HEADER_ONLY = new Set(
  (
    'medication medications medicine medicines drug drugs item items name description term problem problems diagnosis condition conditions entry details ' +
    'allergen allergy allergies substance substances agent causative reaction reactions manifestation manifestations severity verification criticality onset recorded code ' +
    'what happens effects symptoms response outcome ' +
    'dose dosage instructions quantity qty date type status medical'
  ).split(' '),
);

export function checkItems(b: RecordBuilder): void {
  const doubt = (path: string, message: string) => b.warn({ code: 'item-doubtful', path, message });
  // Any entry worded as a statement ('Not on any regular treatment', 'No allergies known to
  // the practice'): the statements the rules know are not read as entries; this one was.
  const lists = [
    ['medications', b.record.medications.map((m) => m.name)],
    ['allergies', b.record.allergies.map((a) => a.description)],
    ['problems', b.record.problems.map((p) => p.term)],
  ] as const;
  for (const [list, names] of lists) {
    names.forEach((name, i) => {
      if (STATEMENT.test(name) && !/\d/.test(name)) doubt(`${list}.${i}`, 'This entry reads like a statement about the list (“none”, “not known”), not an entry. Check it against the document.');
      // A sentence of a letter or a note read as an entry of a list (a paragraph run on under
      // it). A table's cell of prose is what its author filed under that column.
      else if (isRunningText(name) && b.sectionForms.get(b.itemSections[list]?.[i] ?? -1) !== 'table') doubt(`${list}.${i}`, 'This entry reads like running text (a sentence of a letter or note), not a single entry. Check it against the document.');
    });
  }
  const meds = b.record.medications;
  meds.forEach((m, i) => {
    const path = `medications.${i}`;
    if (/^\d+(?:\.\d+)?\s?(?:mg|g|ml|micrograms?|mcg|units?|%)/i.test(m.name) || CONTINUATION.test(m.name)) {
      doubt(path, 'This medication’s name starts mid-way (a row of the table may have been split). Check it against the document.');
    } else if (TWO_MEDICINES.test(m.name)) {
      // Two rows run together also lose one entry: the section is what to check.
      doubt('medications', 'An entry may hold two medicines (two rows of the table run together), so one may be missing from the list. Check the medication against the document.');
    } else if (isHeaderText(m.name)) {
      doubt(path, 'This entry reads like a column heading, not a medication. Check it against the document.');
    } else if (isInstructionOnly(m.name)) {
      doubt(path, 'This entry reads like the instructions for taking a medicine, not a medicine (a line may have been split from the one above). Check it against the document.');
    }
    if (m.dosage && (m.dosage.match(INSTRUCTION) ?? []).length >= 2 && /[a-z]\s+(?:One|Two|Take|Apply|Inhale|Use)\b/.test(m.dosage)) {
      doubt(`${path}.dosage`, 'This dosage may hold two sets of instructions (two rows run together). Check it against the document.');
    }
    if (m.quantity && !/\d/.test(m.quantity)) doubt(`${path}.quantity`, 'This quantity has no number in it. Check it against the document.');
  });
  // A continued line stands out in lower case among capitalised entries; where the writer
  // puts every entry in lower case ('Problems: hypertension, type 2 diabetes'), it does not.
  const lowerStart = (t: string) => /^\p{Ll}/u.test(t) && !/^[a-z]\.\s/.test(t);
  const problemSections = b.itemSections.problems ?? [];
  const allLower = (i: number) => b.record.problems.every((q, j) => problemSections[j] !== problemSections[i] || lowerStart(q.term));
  b.record.problems.forEach((p, i) => {
    // 'Bisoprolol 2.5mg once daily' under a problems heading: a list that ran on past its end.
    if (MEDICINE_WITH_DOSE.test(p.term)) doubt(`problems.${i}`, 'This problem reads like a medication (a strength and how to take it): it may belong in the medication list. Check it against the document.');
    if (isHeaderText(p.term)) doubt(`problems.${i}`, 'This entry reads like a column heading, not a problem. Check it against the document.');
    else if (lowerStart(p.term) && !allLower(i)) doubt(`problems.${i}`, 'This problem starts in lower case, as a continued line does (a row may have been split). Check it against the document.');
  });
  b.record.allergies.forEach((a, i) => {
    if (isHeaderText(a.description)) doubt(`allergies.${i}`, 'This entry reads like a column heading, not an allergy. Check it against the document.');
    // A date inside the words is a date cell read into the wrong column (or two rows run
    // together): the columns were misread, so the other entries' dates may be wrong or
    // missing too, and the section is what to check.
    else if (findDates(a.description).length || (a.reaction && findDates(a.reaction).length)) {
      doubt('allergies', `Allergy ${i + 1} has a date inside its words, as when a table's columns are misread, so dates may be missing or in the wrong place. Check the allergies against the document.`);
    }
  });
  missingBesideSiblings(b, 'medications', ['date', 'dosage', 'quantity'], doubt);
}

/**
 * An entry that lacks what nearly every other entry of its section has (a date, a dosage)
 * may be half of a row that was cut in two, or a row whose cells were read in the wrong
 * column.
 */
function missingBesideSiblings(b: RecordBuilder, list: 'medications', fields: ('date' | 'dosage' | 'quantity')[], doubt: (path: string, message: string) => void): void {
  const items = b.record[list];
  const sections = b.itemSections[list] ?? [];
  const bySection = new Map<number, number[]>();
  sections.forEach((s, i) => bySection.set(s, [...(bySection.get(s) ?? []), i]));
  for (const [section, indexes] of bySection) {
    // Key-value groups and lists leave out what they have not got; a table's rows do not.
    if (indexes.length < 4 || b.sectionForms.get(section) !== 'table') continue;
    for (const field of fields) {
      const having = indexes.filter((i) => items[i]![field] !== null);
      if (having.length / indexes.length < 0.8 || having.length === indexes.length) continue;
      for (const i of indexes) {
        if (items[i]![field] === null) doubt(`${list}.${i}`, `Every other entry in this section has a ${field === 'date' ? 'date' : field}, but this one has none: a row may have been split or misread. Check it against the document.`);
      }
    }
  }
}
