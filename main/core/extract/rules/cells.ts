import type { TextItem } from '../../contract/text';
import { findDates } from '../../normalise/dates';
import { cellText } from '../../layout/table';

/**
 * Helpers for reading values out of cells and list entries while keeping hold of the
 * items each value came from (for provenance).
 */
export interface Piece {
  text: string;
  items: TextItem[];
}

export function piece(items: TextItem[]): Piece {
  return { text: cellText(items), items };
}

/** Items whose text overlaps a character range of the joined text of `items`. */
export function itemsForRange(items: TextItem[], start: number, length: number): TextItem[] {
  const out: TextItem[] = [];
  let pos = 0;
  for (const it of items) {
    const s = pos;
    const e = pos + it.str.length;
    if (e > start && s < start + length) out.push(it);
    pos = e + 1;
  }
  return out.length ? out : items;
}

/** Text joined with single spaces, matching itemsForRange's positions. */
export function flatText(items: TextItem[]): string {
  return items.map((i) => i.str).join(' ');
}

/**
 * Whether a cell or line says the section has nothing in it to read: that there is none
 * ('No known drug allergies'), or that nobody knows ('Not known', 'Not asked'; see
 * isStatedUnknown, which the extractor flags).
 */
export function isStatedEmpty(text: string): boolean {
  return isStatedNone(text) || isStatedUnknown(text);
}

/**
 * Running text, not an entry: a sentence of a letter or a note ('I reviewed Mrs Carver in
 * clinic today. She remains well …'). Two sentences, or a long one that speaks of people.
 * (An entry's qualifier after a full stop is a short second sentence: 'Asthma. Mild.')
 */
export function isRunningText(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  const sentences = t.split(/(?<=[a-z)]\.)\s+(?=\p{Lu})/u).filter((s) => s.split(/\s+/).length >= 3).length;
  const speaks = /\b(?:i|we|he|she|they|you|him|her|his|their|my|our|your|has been|have been|was|were|would|should|could|will)\b/i.test(t);
  return words >= 8 && (sentences >= 2 || (words >= 14 && speaks));
}

/**
 * A statement that whether there are entries is not known: 'Not known', 'Allergy status not
 * known', 'Not asked', 'Awaiting allergy history'. No entry is read from it, and the list is
 * flagged: an empty list here does not mean none.
 */
export function isStatedUnknown(text: string): boolean {
  if (isStatedNone(text)) return false;
  const t = text.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  return (
    /^(?:(?:allerg(?:y|ies)|sensitivit(?:y|ies)|medication|medicines?|problems?)(?: status)?\s*[:-]?\s*)?(?:not known|unknown|not recorded|not asked|not assessed|not obtained|not available|unavailable|to be confirmed|tbc|unconfirmed|awaited|pending)$/.test(t) ||
    /^(?:patient )?(?:unsure|uncertain|unable to (?:say|confirm|obtain|recall)|declined to (?:answer|say))\b/.test(t) ||
    /^(?:no )?(?:allerg(?:y|ies) |medication |problem )?(?:information|history|details|data) (?:not )?(?:available|recorded|obtained|known)$/.test(t) ||
    /^awaiting (?:allerg\w* |medication |drug )?(?:history|information|details|confirmation|reconciliation)$/.test(t)
  );
}

function isStatedNone(text: string): boolean {
  // 'NKDA (patient reported)': who said so does not change what was said.
  const t = text.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s*\((?:patient|self|carer|family)[^)]*\)\s*$/, '').replace(/\s+/g, ' ');
  return (
    /^no (?:relevant )?(?:information|items?|entries|records?|data|details)(?: (?:available|recorded|found|held|to display))?(?: for this (?:category|section))?$/.test(t) ||
    /^(?:none|nil|nothing)(?: (?:recorded|known|found|listed|documented|current|reported|entered|on record|of note|regular|prescribed|issued|significant|relevant))?$/.test(t) ||
    /^(?:not on|takes no|taking no|on no)(?: any)?(?: regular| repeat| current| prescribed)? (?:medications?|medicines?|drugs?|tablets|treatment)$/.test(t) ||
    /^no (?:regular |repeat |current )?(?:medications?|medicines?|prescriptions?|items?|drugs?) (?:issued|prescribed|recorded|taken)(?: (?:in|during|within) the (?:last|past) \w+ (?:days?|weeks?|months?|years?))?$/.test(t) ||
    /^(?:otc|over the counter)(?: (?:medications?|medicines?))? only$/.test(t) ||
    /^(?:fit and well|no significant (?:past )?(?:medical )?history|no (?:past )?medical history)$/.test(t) ||
    /^no (?:known )?(?:drug )?(?:allerg(?:y|ies)|sensitivit(?:y|ies)|adverse reactions?)(?: (?:recorded|known|found|to date|on record))?$/.test(t) ||
    /^(?:nkda|nka|nkfa)$/.test(t) ||
    // A list's closing statement: 'No other known', 'No further allergies recorded'.
    /^(?:no|nil|none) (?:other|further|additional|more|else)(?: known| recorded)?(?: (?:drug |food )?(?:allerg(?:y|ies)|sensitivit(?:y|ies)|adverse reactions?|medications?|medicines?|problems?|diagnos[ie]s))?(?: (?:known|recorded|found))?$/.test(t) ||
    /^no (?:current |repeat |acute |past |discontinued )*(?:medications?|medicines?|prescriptions?|drugs?)(?: (?:recorded|found|issued))?$/.test(t) ||
    /^no (?:active |current |past )*(?:problems?|diagnos[ie]s|conditions?)(?: (?:recorded|found))?$/.test(t)
  );
}

/** A full date found in some items, with the items it was read from. */
export interface ItemDate {
  iso: string;
  items: TextItem[];
  text: string;
  /** Where it starts in `text` of the reading it came from, and that reading. */
  index: number;
  source: string;
}

/**
 * The full dates in some items. Read first from the items joined by single spaces, so that
 * each date points at its own items; but where the items joined as printed read a date that
 * reading does not (a date cut across lines: '04-Jun-' + '2025', '29/07/20' + '24'), the
 * printed reading wins and its dates point at the whole cell.
 */
export function datesIn(items: TextItem[]): ItemDate[] {
  const flat = flatText(items);
  const spaced = findDates(flat);
  const joined = cellText(items);
  const printed = findDates(joined);
  if (printed.length && printed.some((p) => !spaced.some((d) => d.iso === p.iso))) {
    return printed.map((d) => ({ iso: d.iso!, items, text: d.text, index: d.index, source: joined }));
  }
  return spaced.map((d) => ({ iso: d.iso!, items: itemsForRange(items, d.index, d.length), text: d.text, index: d.index, source: flat }));
}

/** The first full date in a piece, with the items it came from. */
export function dateIn(p: Piece): { iso: string; items: TextItem[]; text: string } | null {
  const d = datesIn(p.items)[0];
  if (!d) {
    // A date cut across lines ('04-Jun-' + '2025') only reads once the cell is joined.
    const joined = findDates(p.text)[0];
    return joined?.iso ? { iso: joined.iso, items: p.items, text: joined.text } : null;
  }
  return { iso: d.iso, items: d.items, text: d.text };
}

/** Text with every date removed, and separators tidied. */
export function withoutDates(text: string): string {
  let out = text;
  for (const d of findDates(text, { includePartial: true }).reverse()) {
    out = out.slice(0, d.index) + ' ' + out.slice(d.index + d.length);
  }
  return tidy(out);
}

export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    // A clinical code printed before the term: a Read code ('[C10F.]') or a SNOMED id ('[44054006]').
    .replace(/^\s*\[(?:[A-Za-z0-9][A-Za-z0-9]{0,4}\.{0,4}|\d{6,18})\]\s+(?=\S)/, '')
    // The same after the term ('Gout (C34..)', 'Asthma (195967001)'): a Read code is five
    // characters padded with dots ('G3...'), or five capitals and digits ('G5730').
    .replace(/\s*[([](?:\d{6,18}|(?=[A-Za-z0-9.]{5}[)\]])(?:[A-Za-z0-9]{1,4}\.{1,4}|(?=[A-Z]*\d)[A-Z0-9]{5}))[)\]]\s*$/, '')
    // A status tag before the term ('[Active] Hypertension', '[Resolved] Gout').
    .replace(/^\s*\[(?:active|inactive|current|past|resolved|historic(?:al)?|ongoing|significant|minor|major|repeat|acute|discontinued|stopped)\]\s+(?=\S)/i, '')
    // List numbering: '1. Pneumonia', '2) Gout'.
    .replace(/^\s*\d{1,2}[.)]\s+(?=\p{L})/u, '')
    .replace(/^[\s,;:|•·▪◦‣○●■□➢►✓*–—-]+|[\s,;:|•·▪◦‣○●■□➢►✓*–—-]+$/g, '')
    .trim();
}

const DATE_LABEL =
  /[\s,;:([–—-]*\b(?:first\s+recorded|recorded|diagnosed|since|onset|noted|from|started|start\s+date|identified|reported|dated|date|on|in|issued|last\s+issued|prescribed|stopped|discontinued|ended|resolved)\b\s*:?\s*$/i;

/**
 * Takes the first date (full or partial) out of a piece, with a label that introduces it:
 * 'Deep vein thrombosis, diagnosed 28 Sep 1952' → date 1952-09-28, rest 'Deep vein
 * thrombosis'; 'Asthma, since 01/1958' → a partial date (no ISO day), rest 'Asthma'.
 */
export function takeDate(p: Piece): { date: { iso: string | null; items: TextItem[] } | null; rest: Piece } {
  const flat = flatText(p.items);
  // A bare year in brackets, '(2019)', after 'since'/'in', or leading a list entry ('1998
  // Appendicectomy', as a year column prints it), is a partial date too.
  // So are '(diagnosed 2015)' and a year that ends the entry ('Fractured neck of femur (L) 2018').
  const year = /(?:\(\s*(?:(?:diagnosed|since|onset|from|in|recorded|resolved|noted)\s+)?(?:19|20)\d{2}\s*\)|\b(?:since|in)\s+(?:19|20)\d{2}\b|^\s*(?:19|20)\d{2}(?=\s+\p{Lu})|(?<=\p{L}\)?)\s+(?:19|20)\d{2}\s*$)/iu.exec(flat);
  const d =
    findDates(flat, { includePartial: true })[0] ??
    (year ? { iso: null, index: year.index, length: year[0].length, text: year[0], partial: true } : undefined);
  if (!d) return { date: null, rest: { text: tidy(p.text), items: p.items } };
  let before = flat.slice(0, d.index);
  let after = flat.slice(d.index + d.length);
  let prev: string;
  let labelOpened = false;
  do {
    prev = before;
    before = before.replace(DATE_LABEL, (label) => {
      labelOpened ||= /[([]/.test(label);
      return '';
    });
  } while (before !== prev);
  // '(2019)' and '(recorded 2019)': the brackets were the date's own; '(Rash, recorded
  // 2019)': they hold more.
  const ownBrackets = labelOpened || /[([]\s*$/.test(before);
  before = before.replace(/[\s([]+$/, '');
  if (ownBrackets) after = after.replace(/^\s*[)\]]/, '');
  const restText = tidy(`${before} ${after}`.replace(/\(\s*\)|\[\s*\]/g, ' ').replace(/[\s,;]+([)\]])/g, '$1'));
  const restItems = [
    ...(before.trim() ? itemsForRange(p.items, 0, before.length) : []),
    ...(after.trim() ? itemsForRange(p.items, flat.length - after.length, after.length) : []),
  ];
  return {
    date: { iso: d.iso, items: itemsForRange(p.items, d.index, d.length) },
    rest: { text: restText, items: restItems.length ? [...new Set(restItems)] : p.items },
  };
}
