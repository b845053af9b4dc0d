import type { TextItem } from '../../contract/text';
import type { Line } from '../../layout/lines';
import { joinItems } from '../../layout/lines';
import { entryParts, isDateLabel, splitItems, splitItemsAt, type ListPart } from '../../layout/list';
import type { Column, TableRow } from '../../layout/table';
import { dateIn, flatText, isRunningText, itemsForRange, takeDate, tidy, withoutDates } from './cells';
import { sourced, type RecordBuilder, type Sourced } from './record-builder';
import { columnItems, parseRowsOrEntries, readSectionForm, type SectionOutcome } from './section-outcome';

/**
 * Allergies and problems share a shape: a date and a description, plus a reaction for
 * allergies. Both come as tables in any column order or as lists.
 */
const REACTION_LABEL = /^(?:reaction|reactions|manifestation|effect|symptoms?)\s*[:=-]\s*/i;
const IGNORED_PART = /^(?:certainty|severity|status|type|comment|notes?|verified|criticality|additional)\s*[:=]|^(?:certain|likely|unlikely|confirmed|suspected|mild|moderate|severe|active|inactive|resolved|significant|minor|major|past|problem; first)$/i;

function text(items: TextItem[]): string {
  return tidy(joinItems(items));
}

function roleItems(row: TableRow, roles: (string | null)[], role: string): TextItem[] {
  const k = roles.indexOf(role);
  return k >= 0 ? columnItems(row, k) : [];
}

function dateOf(items: TextItem[]): Sourced<string> | null {
  if (!items.length) return null;
  const d = dateIn({ text: joinItems(items), items });
  return d ? sourced(d.iso, d.items, 0.95) : null;
}

function roleItemsOf(row: TableRow, columns: Column[], role: string): TextItem[] {
  return roleItems(row, columns.map((c) => c.role), role);
}

export function parseAllergySection(lines: Line[], b: RecordBuilder): SectionOutcome {
  const form = readSectionForm(lines, 'allergies');
  return parseRowsOrEntries(lines, form, {
    row(row, columns) {
      const descItems = roleItemsOf(row, columns, 'description');
      const description = text(descItems);
      if (!description) return false;
      const reactionItems = roleItemsOf(row, columns, 'reaction');
      b.addAllergy({
        description: sourced(description, descItems, 0.95),
        reaction: reactionItems.length ? sourced(text(reactionItems) || null, reactionItems, 0.95) : null,
        date: dateOf(roleItemsOf(row, columns, 'date')),
      });
      return true;
    },
    entry(entry) {
      // A paragraph of a letter or note under the heading is left for staff to read.
      if (isRunningText(joinItems(entry.flatMap((l) => l.items)))) return false;
      let read = false;
      for (const parts of entriesInLine(entryParts(entry))) read = readAllergy(parts) || read;
      return read;
    },
  });

  function readAllergy(parts: ListPart[]): boolean {
    const e = readEntry(parts);
    if (!e.main) return false;
    let reaction = e.labelled.get('reaction') ?? null;
    let description = withoutQualifiers(e.main);
    // 'Penicillin (severe) - anaphylaxis': how bad it is, said of the allergy, is not its name.
    const unrated = description.value.replace(RATING_IN_BRACKETS, '').trim();
    if (unrated && unrated !== description.value) description = piece(description, unrated);
    if (!description.value) return false;
    // 'Penicillin — rash': a short unlabelled second part is the reaction.
    let restRead = 0;
    if (!reaction && e.rest[0] && e.rest[0].text.split(' ').length <= 5) {
      restRead = 1;
      reaction = sourced(e.rest[0].text, e.rest[0].items, 0.85);
      const plain = reaction.value.replace(RATING_IN_BRACKETS, '').trim();
      if (plain && plain !== reaction.value) reaction = piece(reaction, plain);
    }
    if (!reaction) {
      const found = reactionIn(description.value);
      if (found) {
        reaction = piece(description, found.reaction, 0.85);
        description = piece(description, found.allergen);
      }
    }
    const at = b.addAllergy({ description, reaction, date: e.date });
    flagUnread(b, `allergies.${at}`, e.rest.slice(restRead));
    return true;
  }
}

/** A part of a sourced value, with the items it was printed in. */
function piece(s: Sourced<string>, value: string, confidence = s.confidence): Sourced<string> {
  const v = value.trim();
  const at = flatText(s.items).indexOf(v);
  return sourced(v, at >= 0 ? itemsForRange(s.items, at, v.length) : s.items, confidence);
}

const RATING_IN_BRACKETS = /\s*[([]\s*(?:mild|moderate|severe|high|low|confirmed|suspected|certain|likely|unlikely|possible|probable)\s*[)\]]/gi;

/**
 * The reaction printed in an allergy's own text, and the allergen before it:
 *   'Adverse reaction to codeine (Vomiting)', 'Penicillin [rash]', 'Penicillin (rash, 2010)';
 *   'Penicillin / Rash / Moderate', 'Codeine -> vomiting';
 *   'Penicillin, Rash, 2010' (only where a reaction's word follows the comma);
 *   'Penicillins: urticaria' (not a label's value: 'H/O: amoxicillin allergy').
 */
function reactionIn(text: string): { allergen: string; reaction: string } | null {
  const tidyReaction = (r: string) =>
    r
      .split(/\s+\/\s+|,\s*/)
      .map((p) => withoutDates(p))
      // A strength is a medicine's ('Fostair 100micrograms/dose / 6micrograms/dose'), never a reaction's.
      .filter((p) => /\p{L}{2}/u.test(p) && !IGNORED_PART.test(p) && !/\d\s?(?:mg|micrograms?|mcg|ml|g|units?|%)\b/i.test(p))
      .join(', ');
  const bracket = /^(.*\S)\s*[([]([^()[\]]{2,40})[)\]]$/.exec(text);
  if (bracket) {
    const r = tidyReaction(bracket[2]!);
    return r && !IGNORED_PART.test(bracket[2]!.trim()) ? { allergen: bracket[1]!, reaction: r } : null;
  }
  const cut = /^(.{2,60}?)\s*(?:\s\/\s|->|→|=>)\s*(.{2,80})$/.exec(text);
  if (cut) {
    const r = tidyReaction(cut[2]!.replace(/\s*(?:->|→|=>)\s*/g, ' / '));
    return r ? { allergen: cut[1]!, reaction: r.split(', ')[0]! } : null;
  }
  const comma = /^(.{2,60}?),\s+(.{2,80})$/.exec(text);
  if (comma && REACTION_WORD.test(comma[2]!)) {
    const r = tidyReaction(comma[2]!);
    return r ? { allergen: comma[1]!, reaction: r.split(', ')[0]! } : null;
  }
  const colon = /^([^:]{2,40}?):\s+(\S.{0,59})$/.exec(text);
  if (colon && !ALLERGY_LABEL.test(colon[1]!) && !NAMES_AN_ALLERGY.test(colon[2]!) && (REACTION_WORD.test(colon[2]!) || /^\p{Ll}/u.test(colon[2]!))) {
    return { allergen: colon[1]!, reaction: colon[2]!.trim() };
  }
  return null;
}

/** 'amoxicillin allergy', 'H/O: …': the words of an allergy itself, not of a reaction. */
const NAMES_AN_ALLERGY = /\b(?:allerg\w*|intoleran\w*|sensitivit\w*|h\/o)\b/i;

export function parseProblemSection(lines: Line[], b: RecordBuilder): SectionOutcome {
  const form = readSectionForm(lines, 'problems');
  return parseRowsOrEntries(lines, form, {
    row(row, columns) {
      const termItems = roleItemsOf(row, columns, 'term');
      if (!text(termItems)) return false;
      const date = roleItemsOf(row, columns, 'date');
      // 'Acute kidney injury stage 1; Hyponatraemia': problems run together in one cell.
      for (const items of splitItems(termItems, /\s*;\s+(?=\p{Lu})/u)) {
        const term = text(items);
        if (term) b.addProblem({ term: sourced(term, items, 0.95), date: dateOf(date) });
      }
      return true;
    },
    entry(entry) {
      if (isRunningText(joinItems(entry.flatMap((l) => l.items)))) return false;
      let read = false;
      for (const parts of entriesInLine(entryParts(entry)).flatMap(commaList)) {
        const e = readEntry(parts);
        if (!e.main) continue;
        const at = b.addProblem({ term: e.main, date: e.date });
        // 'Chronic kidney disease stage 3A: Appendicectomy' (a separator misread) or 'COPD -
        // GOLD stage 2': what went into no field may be another problem, so the list is what
        // to check, and the message names the entry.
        flagUnread(b, 'problems', e.rest, `Problem ${at + 1} (“${e.main.value.slice(0, 40)}”) has text that was not read into any field`);
        read = true;
      }
      return read;
    },
  });
}

/**
 * Several entries run together on one line and cut by semicolons ('Penicillin - rash;
 * Codeine - vomiting', 'Asthma; Eczema'): each piece that opens with a capital starts an
 * entry of its own. A piece in lower case ('Penicillin; rash') stays part of the entry.
 */
function entriesInLine(parts: ListPart[]): ListPart[][] {
  const out: ListPart[][] = [];
  for (const part of parts) {
    const afterSemicolon = out.length > 0 && part.cutBy === ';' && /^\p{Lu}/u.test(part.text) && !REACTION_WORD.test(part.text);
    if (out.length === 0 || afterSemicolon) out.push([part]);
    else out[out.length - 1]!.push(part);
  }
  return out;
}

/** Labels of the allergen itself ('Drug allergy: Penicillin'), not an allergen before its reaction. */
const ALLERGY_LABEL = /\bh\/o\b|\bhistory\b|\b(?:allerg\w*|intoleran\w*|sensitivit\w*|substance|agent|allergen|adverse|reaction|drug|food|type|category|cause|causative|trigger)\b/i;

/**
 * 'Hypertension, Type 2 diabetes, Asthma': problems listed with commas on one line, each
 * opening with a capital. 'Osteoarthritis of knee, bilateral' (a qualifier in lower case)
 * and 'Asthma, 2019' (a date) stay one entry.
 */
function commaList(parts: ListPart[]): ListPart[][] {
  if (parts.length !== 1) return [parts];
  // A piece in lower case, a qualifier or a date alone belongs to the term before it:
  // 'Uveitis, right eye (2023)', 'Fracture of radius, Left', 'Asthma, 2019'.
  const joinsPrevious = (t: string) => !/^\p{Lu}/u.test(t) || IGNORED_PART.test(t.replace(/,$/, '')) || TERM_QUALIFIER.test(t.replace(/,$/, '')) || !/\p{L}{2}/u.test(withoutDates(t));
  const pieces: ListPart[] = [];
  // Cut after each comma, which stays with its piece until the pieces are settled.
  for (const { items } of splitItemsAt(parts[0]!.items, /(?<=,)\s+(?![^(]*\))/)) {
    const text = joinItems(items).trim();
    const last = pieces[pieces.length - 1];
    if (last && joinsPrevious(text)) pieces[pieces.length - 1] = { text: `${last.text} ${text}`, items: [...last.items, ...items] };
    else pieces.push({ text, items });
  }
  if (pieces.length < 2 || joinsPrevious(pieces[0]!.text)) return [parts];
  return pieces.map((p) => {
    const items = splitItems(p.items, /\s*,$/).flat();
    return [{ text: joinItems(items), items }];
  });
}

/** A word that qualifies the term before it ('Fracture of radius, Left'), not a problem of its own. */
const TERM_QUALIFIER = /^(?:left|right|bilateral|unilateral|acute|chronic|mild|moderate|severe|unspecified|primary|secondary|recurrent|resolved|active|inactive|controlled|uncontrolled|stable|suspected|confirmed|history|type \d\w?|stage \w+|grade \w+)$/i;

/** Words that name a reaction, not an allergen: 'Penicillin; Rash' is one entry. */
const REACTION_WORD =
  /^(?:rash|hives|urticaria|itch(?:ing|y)?|swelling|angio-?o?edema|anaphylaxis|anaphylactic|wheeze|wheezing|bronchospasm|nausea|vomiting|diarrh(?:o)?ea|sickness|headache|dizziness|blisters?|blistering|hypotension|shortness|breathless(?:ness)?|intolerance|reaction|unknown|not known)\b/i;

/**
 * Text of a list entry that went into no field ('Penicillin - rash - see letter 2019 - …'):
 * the entry is flagged, so that what it says is read by a person rather than lost.
 */
function flagUnread(b: RecordBuilder, path: string, rest: ListPart[], what = 'Part of this entry was not read into any field'): void {
  const words = rest.map((p) => p.text).filter((t) => /\p{L}{2}/u.test(t) && !IGNORED_PART.test(t));
  if (!words.length) return;
  b.warn({ code: 'item-doubtful', path, message: `${what} (“${words.join(' … ').slice(0, 80)}”). Check ${path.includes('.') ? 'the entry' : 'the list'} against the document.` });
}

interface Entry {
  date: Sourced<string> | null;
  main: Sourced<string> | null;
  labelled: Map<string, Sourced<string>>;
  rest: ListPart[];
}

/** A list entry: its date (leading, trailing or in brackets), its main text, labelled parts. */
function readEntry(parts: ListPart[]): Entry {
  const out: Entry = { date: null, main: null, labelled: new Map(), rest: [] };
  for (let part of parts) {
    if (!tidy(part.text)) continue;
    const reaction = REACTION_LABEL.exec(part.text);
    if (reaction) {
      const value = tidy(part.text.slice(reaction[0].length));
      if (value) {
        const at = flatText(part.items).indexOf(value);
        out.labelled.set('reaction', sourced(value, at >= 0 ? itemsForRange(part.items, at, value.length) : part.items, 0.9));
      }
      continue;
    }
    if (IGNORED_PART.test(part.text)) continue;
    // A list in a sentence ends with a full stop, which would hide a date before it ('appendicectomy 2004.').
    if (/(?<=[\p{L}\d)])\s*\.$/u.test(part.text)) {
      const items = splitItems(part.items, /\s*\.$/).flat();
      part = { ...part, items, text: joinItems(items) };
    }
    // Dates anywhere in the entry: '14/03/2024 Asthma', 'Asthma (2015-03-14)',
    // 'Gout, diagnosed 28 Sep 1952', '— recorded 24 Jul 2022'.
    const { date, rest } = takeDate(part);
    if (date && !out.date) out.date = date.iso ? sourced(date.iso, date.items, 0.9) : null;
    if (!rest.text || !/\p{L}/u.test(rest.text)) continue;
    // The label the date was printed under ('Recorded: 29/12/1992').
    if (date && isDateLabel(rest.text)) continue;
    // A list in a sentence ends with a full stop that is not part of the entry.
    const text = rest.text.replace(/(?<=[\p{L})])\s*\.$/u, '');
    if (!out.main) out.main = sourced(text, rest.items, 0.85);
    else out.rest.push(rest);
  }
  return out;
}

// What an allergy record says about itself rather than the allergen: its criticality, status
// and verification ('Allergy to penicillin, high criticality, active'), and a statement run
// on after it that there are no others ('… active No known food allergies').
const QUALIFIER_TAIL =
  /(?:\s*,\s*(?:(?:high|low|unable[- ]to[- ]assess)\s+criticality|criticality\s*:?\s*\w+|active|inactive|resolved|confirmed|unconfirmed|provisional|suspected|refuted|entered[- ]in[- ]error|(?:mild|moderate|severe)(?:\s+severity)?|(?:verification|clinical)\s+status\s*:?\s*\w+))+(?:\s+no known\b.*)?\s*\.?$|\s+no known \w+ allerg\w*\s*\.?$/i;

function withoutQualifiers(s: Sourced<string>): Sourced<string> {
  const m = QUALIFIER_TAIL.exec(s.value);
  if (!m || m.index === 0) return s;
  const value = s.value.slice(0, m.index).trim();
  const at = flatText(s.items).indexOf(value);
  return sourced(value, at >= 0 ? itemsForRange(s.items, at, value.length) : s.items, s.confidence);
}
