import type { ScrRecord } from '../../core';
import { formatIsoDate } from '../../lib/format';
import { ITEM_SPECS, LIST_LABEL, PATIENT_SPECS, type ListKey } from './fields';

/**
 * The record's edit history in the words a person would write it: "Removed problem ‘Asthma’",
 * "Dosage of medication ‘Ramipril 5mg capsules’ changed from ‘one daily’ to ‘two daily’".
 * Never a raw field path: staff do not know `problems.0` or `patient.gpPracticeName`.
 *
 * An edit stores only its path and the value it changed, and a path's index is the item's
 * place at the time (removals move later items up). So the items are named by replaying the
 * history over the record as it was read: each edit is worded with the item that was at that
 * place then, not with whatever is there now.
 */

/** What the wording needs of an edit (EditRow has more; other kinds may be added later). */
export interface HistoryEdit {
  path: string;
  kind: string;
  oldValue: unknown;
  newValue: unknown;
}

const LISTS: readonly ListKey[] = ['allergies', 'medications', 'problems'];

/** The value that names an item: a problem by its term, a medication by its name. */
export const NAME_KEY: Record<ListKey, string> = { allergies: 'description', medications: 'name', problems: 'term' };

/**
 * How a field is called in a sentence, where its on-screen label would read oddly
 * ("Prescribed or last issued of medication …"). Fields missing here use their label.
 */
const PATIENT_NOUN: Record<string, string> = {
  nhsNumber: 'NHS number',
  givenName: 'given name',
  familyName: 'family name',
  dateOfBirth: 'date of birth',
  gpPracticeName: 'GP practice name',
  gpPracticeCode: 'GP practice code',
};

const ITEM_NOUN: Record<ListKey, Record<string, string>> = {
  allergies: { reaction: 'reaction', date: 'date recorded' },
  medications: { category: 'type', dosage: 'dosage', quantity: 'quantity', date: 'date prescribed or last issued', endDate: 'date discontinued' },
  problems: { date: 'date' },
};

const SEX_WORDS: Record<string, string> = { male: 'Male', female: 'Female', other: 'Other', unknown: 'Not known' };
const CATEGORY_WORDS: Record<string, string> = { repeat: 'Repeat', acute: 'Acute', discontinued: 'Discontinued' };

/** 'gpPracticeName' → 'gp practice name': the last resort for a field nobody named. */
function humanise(key: string): string {
  return key
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

/** Lower-cases a label's first letter unless it is an abbreviation ('NHS number', 'GP practice'). */
function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function quote(text: string): string {
  return `‘${text}’`;
}

interface Place {
  list: ListKey | null;
  index: number | null;
  key: string | null;
}

function parsePath(path: string): Place {
  const parts = path.split('.');
  if (parts[0] === 'patient') return { list: null, index: null, key: parts[1] ?? null };
  if ((LISTS as readonly string[]).includes(parts[0]!)) {
    const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null;
    return { list: parts[0] as ListKey, index, key: parts[2] ?? null };
  }
  return { list: null, index: null, key: null };
}

/** A field's value as staff read it: dates the UK way, NHS numbers spaced, codes in words. */
export function showValue(key: string | null, value: unknown): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string') {
    if (key && /date/i.test(key) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
    if (key === 'nhsNumber' && /^\d{10}$/.test(value)) return `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`;
    if (key === 'sex') return SEX_WORDS[value] ?? value;
    if (key === 'category') return CATEGORY_WORDS[value] ?? value;
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .filter((v) => typeof v === 'string' && v !== '')
      .join(', ');
  }
  return '';
}

function fieldNoun(list: ListKey | null, key: string): string {
  if (list === null) {
    const spec = PATIENT_SPECS.find((s) => s.key === key);
    return PATIENT_NOUN[key] ?? (spec ? inSentence(spec.label) : humanise(key));
  }
  if (key === NAME_KEY[list]) return LIST_LABEL[list].one;
  const spec = ITEM_SPECS[list].find((s) => s.key === key);
  return ITEM_NOUN[list][key] ?? (spec ? inSentence(spec.label) : humanise(key));
}

function itemName(list: ListKey, item: unknown): string {
  if (!item || typeof item !== 'object') return '';
  const name = (item as Record<string, unknown>)[NAME_KEY[list]];
  return typeof name === 'string' ? name.trim() : '';
}

/** 'medication ‘Ramipril 5mg capsules’', or 'a medication' when it has no name yet. */
function itemPhrase(list: ListKey, name: string): string {
  const one = LIST_LABEL[list].one;
  if (name) return `${one} ${quote(name)}`;
  return one === 'allergy' ? 'an allergy' : `a ${one}`;
}

/**
 * What the sentence is about: 'date of birth', 'dosage of medication ‘Ramipril’', 'problem'
 * (an item's own name), or the list itself. `item` is the item at the path when the edit was made.
 */
function subject(place: Place, item: unknown): string {
  if (place.list === null) return place.key ? fieldNoun(null, place.key) : 'the record';
  if (place.key === null) return LIST_LABEL[place.list].title.toLowerCase();
  const noun = fieldNoun(place.list, place.key);
  if (place.key === NAME_KEY[place.list]) return noun;
  return `${noun} of ${itemPhrase(place.list, itemName(place.list, item))}`;
}

function describeSet(place: Place, item: unknown, edit: HistoryEdit): string {
  const what = subject(place, item);
  const was = showValue(place.key, edit.oldValue);
  const now = showValue(place.key, edit.newValue);
  if (was && now) return `${capitalise(what)} changed from ${quote(was)} to ${quote(now)}`;
  if (now) return `${capitalise(what)} set to ${quote(now)}`;
  if (was) return `${capitalise(what)} cleared (was ${quote(was)})`;
  return `${capitalise(what)} left empty`;
}

/** The record as the history goes, with each item kept as one object so it can be followed. */
type Lists = Record<ListKey, Record<string, unknown>[]>;

function startLists(extracted: ScrRecord | null): Lists {
  const copy = (list: ListKey) => ((extracted?.[list] ?? []) as unknown as Record<string, unknown>[]).map((item) => ({ ...item }));
  return { allergies: copy('allergies'), medications: copy('medications'), problems: copy('problems') };
}

/**
 * Every edit as a sentence, in the order given (oldest first). `extracted` is the record as
 * the extractor read it, where the history starts; without it items are named only from
 * the values the edits carry.
 */
export function describeHistory(extracted: ScrRecord | null, edits: readonly HistoryEdit[]): string[] {
  const lists = startLists(extracted);
  // Added items are named by what staff typed into them afterwards ("Added allergy ‘Penicillin’"),
  // so their sentences are worded once the whole history has been replayed.
  const out: (string | (() => string))[] = [];

  for (const edit of edits) {
    const place = parsePath(edit.path);
    const items = place.list ? lists[place.list] : null;
    const at = items && place.index !== null ? items[place.index] : undefined;
    switch (edit.kind) {
      case 'set': {
        out.push(describeSet(place, at, edit));
        if (at && place.key) at[place.key] = edit.newValue;
        continue;
      }
      case 'add-item': {
        if (!place.list || !items) {
          out.push('Added an item');
          continue;
        }
        const item: Record<string, unknown> = edit.newValue && typeof edit.newValue === 'object' ? { ...(edit.newValue as Record<string, unknown>) } : {};
        items.splice(Math.min(place.index ?? items.length, items.length), 0, item);
        const list = place.list;
        out.push(() => `Added ${itemPhrase(list, itemName(list, item))}`);
        continue;
      }
      case 'remove-item': {
        if (!place.list || !items) {
          out.push('Removed an item');
          continue;
        }
        // The edit keeps the item it removed: its own value names it, whatever the replay says.
        const name = itemName(place.list, edit.oldValue) || itemName(place.list, at);
        if (place.index !== null && place.index < items.length) items.splice(place.index, 1);
        out.push(name ? `Removed ${itemPhrase(place.list, name)}` : `Removed ${itemPhrase(place.list, '')} with no name`);
        continue;
      }
      case 'restore-item': {
        if (!place.list || !items) {
          out.push('Restored an item');
          continue;
        }
        const item = edit.newValue && typeof edit.newValue === 'object' ? { ...(edit.newValue as Record<string, unknown>) } : {};
        items.splice(Math.min(place.index ?? items.length, items.length), 0, item);
        const name = itemName(place.list, item);
        out.push(`Restored ${itemPhrase(place.list, name)}${name ? '' : ' with no name'} (removal undone)`);
        continue;
      }
      case 'checked': {
        out.push(`Marked ${subject(place, at)} as checked`);
        continue;
      }
      default: {
        // A kind this screen does not know yet (a newer version wrote it): say what and where, plainly.
        out.push(`${capitalise(subject(place, at))}: ${humanise(edit.kind)}`);
      }
    }
  }
  return out.map((line) => (typeof line === 'string' ? line : line()));
}
