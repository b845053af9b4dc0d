import type { MedicationCategory } from '../../contract/record';
import type { TextItem } from '../../contract/text';
import type { Line } from '../../layout/lines';
import { findDates } from '../../normalise/dates';
import { flatText, itemsForRange, tidy } from './cells';
import { sourced, type Sourced } from './record-builder';

/**
 * Medicines named in a letter's sentences: 'We started Clarithromycin 500mg tablets, one
 * tablet to be taken twice a day for 5 days.' (a new course), 'We stopped Metformin 500mg
 * tablets on 20-Jul-2024 because of low blood pressure.' (stopped, with the date it was
 * stopped), 'Please continue Ramipril 5mg capsules.' (carried on). The sentence says what
 * happened; the medicine is what follows the verb, up to the dose, date or reason.
 */
export interface MedicationSentence {
  category: MedicationCategory;
  name: Sourced<string>;
  dosage: Sourced<string> | null;
  endDate: Sourced<string> | null;
}

const SUBJECT = String.raw`(?:(?:we|i|they|the (?:team|ward|clinic|consultant|gp))\s+(?:have\s+|had\s+|were\s+)?)?`;
const START = new RegExp(
  String.raw`^${SUBJECT}(?:started|commenced|initiated|began|prescribed|added|introduced|gave)\s+(?:(?:him|her|them|the patient)\s+(?:on\s+)?|a (?:short )?course of\s+|new\s+)?`,
  'i',
);
const STOP = new RegExp(String.raw`^${SUBJECT}(?:stopped|discontinued|ceased|withdrew|withheld|suspended)\s+(?:(?:his|her|their|the)\s+)?`, 'i');
const CONTINUE = /^(?:please\s+)?(?:continue|continued|carry on with|remain(?:s)? on)\s+(?:(?:his|her|their|the)\s+)?/i;
// Where the medicine's name ends: its dose, a date, a reason, or the sentence's end.
const NAME_END = /,\s*|\s+(?:on|from|since)\s+(?=\d|\p{L}+day\b)|\s+(?:because|due to|as it|as he|as she|as they|owing to|following|after|for (?=\d)|at (?:a|the) dose)\b|\.\s*$/iu;

export function readMedicationSentence(entry: Line[]): MedicationSentence | null {
  const items = entry.flatMap((l) => l.items);
  const flat = flatText(items);
  const verbs: [RegExp, MedicationCategory][] = [
    [START, 'acute'],
    [STOP, 'discontinued'],
    [CONTINUE, 'repeat'],
  ];
  for (const [re, category] of verbs) {
    const m = re.exec(flat);
    if (!m) continue;
    const from = m[0].length;
    const rest = flat.slice(from);
    const end = NAME_END.exec(rest);
    const nameText = tidy(end ? rest.slice(0, end.index) : rest);
    if (!nameText || !/\p{L}{3,}/u.test(nameText) || nameText.split(/\s+/).length > 12) return null;
    const name = sourced(nameText, pick(items, flat, from, nameText), 0.8);
    let dosage: Sourced<string> | null = null;
    let endDate: Sourced<string> | null = null;
    if (end && /^,/.test(end[0]) && category !== 'discontinued') {
      const dose = tidy(rest.slice(end.index + end[0].length).replace(/\.\s*$/, ''));
      if (dose) dosage = sourced(dose, pick(items, flat, from + end.index + end[0].length, dose), 0.75);
    }
    if (category === 'discontinued') {
      const on = /\s+on\s+/i.exec(rest);
      const d = on ? findDates(rest.slice(on.index + on[0].length))[0] : undefined;
      if (d?.iso && d.index === 0) {
        const at = from + on!.index + on![0].length;
        endDate = sourced(d.iso, itemsForRange(items, at, d.length), 0.85);
      }
    }
    return { category, name, dosage, endDate };
  }
  return null;
}

/** The items that print `text`, found from `from` on in the flat text of `items`. */
function pick(items: TextItem[], flat: string, from: number, text: string): TextItem[] {
  const at = flat.indexOf(text, from);
  return at >= 0 ? itemsForRange(items, at, text.length) : items;
}
