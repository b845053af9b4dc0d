import type { DocumentView, ViewSection } from '../../layout/document-view';
import { CLINICAL, listName } from './list-kinds';
import type { RecordBuilder } from './record-builder';

/**
 * Clinical text the reader did not file: lines under a heading it does not read entries
 * from ('Warnings', 'Notes', 'Clinical summary', a heading it did not know) that name an
 * allergy or a medicine with its strength and form (or how often it is taken). Nothing is read from them (a note that
 * mentions a drug is not a prescription), but the list they belong to is flagged, so a
 * layout with allergies under an unknown heading never shows a clean, empty list. And a
 * summary with no allergy or medication section at all says so: an SCR has both, even if
 * only to say there are none, so an empty list from a missing section must not pass as
 * 'none'.
 */
const ALLERGY_WORDS = /\b(?:allerg\w*|anaphyla\w*|intoleran\w*|hypersensitiv\w*|adverse (?:drug )?reactions?|sensitiv(?:e|ity) to)\b/i;
// 'No known drug allergies' says there are none: nothing is missing.
const NONE_STATED = /\b(?:no known|none known|nkda|nka|no allerg\w*|not known to have)\b/i;
const STRENGTH = /\b\d+(?:\.\d+)?\s?(?:mg|micrograms?|mcg|ml|g|units?)\b/i;
const FORM = /\b(?:tablets?|capsules?|caplets?|tabs|caps|inhalers?|cream|ointment|gel|solution|suspension|liquid|syrup|injection|patch(?:es)?|drops|spray|sachets?|pens?|pessar(?:y|ies)|suppositor(?:y|ies))\b/i;
// How often, as a letter writes a medicine with no form ('apixaban 5mg twice daily').
const FREQUENCY = /\b(?:(?:once|twice|three times|four times)\s+(?:a\s+|per\s+|each\s+)?(?:day|daily|week|weekly)|once daily|twice daily|daily|at night|each morning|every morning|when required|as required|prn|nocte|mane)\b/i;
// Sections whose entries are not ours however they read: a vaccine has a strength and a
// form, a device or a procedure may name a drug.
const NOT_OURS = /\b(?:immuni[sz]ations?|vaccin\w*|procedures?|operations?|devices?|investigations?|results?|observations?|tests?)\b/i;

type List = 'allergies' | 'medications';

function mentions(section: ViewSection): Set<List> {
  const found = new Set<List>();
  if (NOT_OURS.test(section.heading)) return found;
  for (const line of section.lines) {
    if (ALLERGY_WORDS.test(line.text) && !NONE_STATED.test(line.text)) found.add('allergies');
    if (STRENGTH.test(line.text) && (FORM.test(line.text) || FREQUENCY.test(line.text))) found.add('medications');
  }
  return found;
}

export function flagStrayClinicalText(view: DocumentView, b: RecordBuilder): void {
  const read = new Set(b.sections.map((s) => listName(s.kind)));
  // A list already flagged as a whole (damaged text, OCR) needs no second flag.
  const flagged = new Set<string>(b.warnings.filter((w) => w.path === 'allergies' || w.path === 'medications').map((w) => w.path!));
  for (const section of view.sections) {
    if (CLINICAL.has(section.kind)) continue;
    for (const list of mentions(section)) {
      if (flagged.has(list)) continue;
      flagged.add(list);
      const where = section.heading ? `under “${section.heading}”` : 'before the first heading';
      const what = list === 'allergies' ? 'an allergy or reaction' : 'a medicine with its strength';
      b.warn({
        code: 'section-unread-text',
        path: list,
        message: `Text ${where} mentions ${what}, but no entries were read from it. Check the document for ${list === 'allergies' ? 'allergies' : 'medication'} missing from the record.`,
      });
    }
  }
  for (const list of ['allergies', 'medications'] as const) {
    if (read.has(list) || flagged.has(list)) continue;
    b.warn({
      code: 'section-missing',
      path: list,
      message: `No ${list === 'allergies' ? 'allergies' : 'medication'} section was found in this document. Check the document for ${list === 'allergies' ? 'allergies' : 'medication'}, or for a statement that there ${list === 'allergies' ? 'are' : 'is'} none.`,
    });
  }
}
