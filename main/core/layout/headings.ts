import type { SectionKind } from '../contract/extraction';

/**
 * Section headings by meaning, not by one system's wording. A heading is normalised
 * (lower case, qualifiers in brackets and trailing colons dropped) and then classified.
 */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    // Numbering and counts say nothing about the kind: '2. Allergies', 'Section 3:', '(4 items)'.
    .replace(/^\s*(?:section\s+)?(?:\d+(?:\.\d+)*|[ivx]+|[a-h])[.):]\s+/, '')
    .replace(/^\s*section\s+\d+\s*[:.-]?\s*/, '')
    .replace(/\b\d+\s+(?:items?|entries|records?|results?)\b/g, ' ')
    .replace(/\(.*?\)/g, ' ')
    .replace(/[:*•·–—\-_/&|]+/g, ' ')
    .replace(/\band\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALLERGY = /\b(?:allerg(?:y|ies|ic)|adverse (?:drug )?reactions?|drug reactions?|sensitivit(?:y|ies)|intolerances?|hypersensitivit(?:y|ies)|adrs?)\b/;
const MEDICATION = /\b(?:medications?|medicines?|drugs?|prescri(?:ptions?|bed items?|bing)|therapy|treatments?|repeat templates?|scripts?)\b/;
const DISCONTINUED = /\b(?:discontinued|stopped|ceased|past|previous|historic(?:al)?|ended|inactive|cancelled|withdrawn|no longer)\b/;
const ACUTE = /\b(?:acutes?|one[ -]?off|short[ -]?term|issues?|new|newly started|started)\b/;
const REPEAT = /\b(?:repeats?|current|long[ -]?term|regular|active|ongoing|authorised|unchanged|continued?)\b/;
const PROBLEM = /\b(?:problems?|(?:significant|major|minor) (?:past|active)|diagnos(?:is|es)|(?:co-?)?morbidit(?:y|ies)|medical history|past history|conditions?|history|issues|illness(?:es)?|concerns?)\b/;
const DEMOGRAPHICS = /\b(?:patient (?:details|information|demographics)|demographics|personal details|patient)\b/;
// Headings we recognise only so that they end the section before them.
const OTHER =
  /\b(?:risks?|warnings?|immuni[sz]ations?|vaccinations?|procedures?|investigations?|results?|referrals?|encounters?|consultations?|care plans?|social|family history|observations?|measurements|appointments|notes|comments|summary (?:sent|created)|contacts?|next of kin|carers?|end of life|legal|consent|reasonable adjustments|test requests?|clinical notes|general practice summary|summary care record|patient summary)\b/;

/**
 * A consultation note's own headings, run into their text ('Examination: Sats 96% RA …',
 * 'Plan: …'): they end the list above them, as any heading does.
 */
export const NOTE_HEADING = /^(?:examination|on examination|o\/e|oe|plan|management|impression|assessment|presenting complaint|history of presenting complaint|hpc|pc|safety netting(?: advice)?|advice(?: given)?|outcome|disposition|observations|obs)$/;

/** The section kinds the record's lists are read from (the rest end sections, or name the patient). */
export const CLINICAL_KINDS: ReadonlySet<SectionKind> = new Set(['allergies', 'medications', 'acute', 'repeat', 'discontinued', 'problems']);

export interface HeadingMatch {
  kind: SectionKind;
  /** The whole line is heading vocabulary (no leftover words), not just a mention. */
  exact: boolean;
}

// Records we do not extract, named with words that would otherwise read as ours ('History of
// Procedures' is not a problem list; 'Plan of Treatment' is not medication).
const OTHER_FIRST =
  /\b(?:procedures?|immuni[sz]ations?|vaccinations?|plan of (?:care|treatment)|care plans?|treatment plans?|social history|family history|functional status|vital signs|(?:medical )?devices?|device use|smoking|alcohol|lifestyle|results?|investigations?|observations?|encounters?|referrals?|pregnancy|advance directives?|clinical items|administrative items|outbound|documents?)\b/;

// Nouns that name a section of the record outright ('Medication and Medical Devices' is
// medication, where 'History of Procedures' is not a problem list).
export const STRONG_CLINICAL = /\b(?:medications?|medicines?|drugs?|prescriptions?|allerg\w*|intolerances?|problems?|diagnos[ie]s|conditions?)\b/;

// Labels that say what follows in a verb or a short phrase, as summaries and letters run
// them into their lists ('Allergic to: …', 'Takes: …', 'PMH: …').
const VERBAL: [RegExp, SectionKind][] = [
  [/^(?:allergic to|allergy to|allergies to|sensitive to|reacts? to|intolerant (?:of|to)|known allergies|nkda)$/, 'allergies'],
  // 'TTO' / 'TTA': a hospital's 'to take out / away', the medicines a patient leaves with.
  [/^(?:takes|taking|currently taking|current meds|meds|regular meds|repeat meds|rx|usual medicines|medicines taken|tto|ttos|tta|ttas|to take (?:out|away|home))$/, 'medications'],
  [/^(?:pmh|pmhx|history of|diagnosed with|known to have|suffers from|background|past history)$/, 'problems'],
];

const REASONS = /^(?:reasons?|indications?) for (?:medications?|medicines?|prescribing|prescriptions?|treatments?|drugs?)$/;

// 'Immunisation history', 'Surgical history': histories of something other than problems.
const OTHER_HISTORY = /^(?:immuni[sz]ation|vaccination|procedure|surgical|operation|social|family|smoking|alcohol|travel|screening)s?\s+(?:history|record|records)$/;

export function classifyHeading(text: string): HeadingMatch | null {
  const n = normaliseHeading(text);
  if (!n || n.length > 80) return null;
  for (const [re, kind] of VERBAL) if (re.test(n)) return { kind, exact: true };
  // 'Reason for Medication' over 'Omeprazole 20mg - reflux': why medicines were given, not a
  // list of them. Not exact, so that only a line styled as a heading is taken for one (a
  // table's 'Reason for Medication:' sub-row is not).
  if (REASONS.test(n)) return { kind: 'other', exact: false };
  // 'History:' alone, in a consultation note, is the story of the complaint ('3 day history
  // of cough'), not the problem list: only a line styled as a heading is taken for one.
  if (n === 'history') return { kind: 'problems', exact: false };
  if (NOTE_HEADING.test(n)) return { kind: 'other', exact: true };
  let kind: HeadingMatch['kind'] | null = null;
  if (OTHER_FIRST.test(n) && !STRONG_CLINICAL.test(n) && ((isExact(n) && (n.includes(' ') || n.endsWith('s'))) || OTHER_HISTORY.test(n))) kind = 'other';
  else if (ALLERGY.test(n)) kind = 'allergies';
  else if (MEDICATION.test(n) || (/\b(?:repeats?|acutes?)\b/.test(n) && !PROBLEM.test(n))) {
    if (DISCONTINUED.test(n)) kind = 'discontinued';
    else if (REPEAT.test(n)) kind = 'repeat';
    else if (ACUTE.test(n)) kind = 'acute';
    else kind = 'medications';
  }  else if (PROBLEM.test(n)) kind = 'problems';
  else if (DEMOGRAPHICS.test(n) && !OTHER.test(n)) kind = 'demographics';
  else if (OTHER.test(n)) kind = 'other';
  if (!kind) return null;
  return { kind, exact: isExact(n) };
}

const HEADING_WORDS = new Set(
  (
    'allergy allergies allergic adverse drug reaction reactions sensitivity sensitivities intolerance intolerances ' +
    'hypersensitivity hypersensitivities adr adrs medication medications medicine medicines drugs prescriptions prescription ' +
    'prescribed items therapy treatment treatments repeat repeats template templates scripts discontinued stopped ceased past ' +
    'previous historic historical ended inactive cancelled withdrawn no longer acute one off oneoff short term longterm long ' +
    'current regular active ongoing authorised issues issue problems problem diagnosis diagnoses medical history conditions ' +
    'condition patient details information demographics personal risks risk warnings immunisations immunizations vaccinations ' +
    'procedures investigations results referrals encounters consultations care plans social family observations measurements ' +
    'appointments notes comments summary sent created contacts next of kin carers end life legal consent reasonable adjustments ' +
    'test requests clinical general practice record significant major minor known all other additional and or the list ' +
    'recorded recent gp coded entries entry continued cont contd new started newly changed unchanged continue on discharge ' +
    'admission tto section plan care procedure procedures device devices use vital signs functional status pregnancy advance ' +
    'directives directive smoking alcohol lifestyle illness illnesses encounter encounters outbound items documents document of ' +
    'intolerances immunization immunizations immunisation vaccination vaccinations operations surgical performed given administered ' +
    'concern concerns health comorbidity comorbidities co morbidity morbidities acutes changes change reconciliation review'
  ).split(' '),
);

/**
 * The lists a heading names, when it names more than one ('Medication and Allergies'): its
 * section is read as one kind, so entries of the other may be filed wrongly or missed.
 */
export function namedLists(text: string): ('allergies' | 'medications' | 'problems')[] {
  const n = normaliseHeading(text);
  const out: ('allergies' | 'medications' | 'problems')[] = [];
  if (/\ballerg\w*|\bintolerances?\b|\bsensitivit(?:y|ies)\b/.test(n)) out.push('allergies');
  if (/\b(?:medications?|medicines?|drugs?|prescriptions?)\b/.test(n) && !/\b(?:adverse )?drug (?:allerg\w*|reactions?|intolerances?)\b/.test(n)) out.push('medications');
  if (/\b(?:problems?|diagnos[ie]s|conditions?)\b/.test(n)) out.push('problems');
  return out;
}

function isExact(n: string): boolean {
  const words = n.split(' ').filter(Boolean);
  return words.length > 0 && words.length <= 8 && words.every((w) => HEADING_WORDS.has(w));
}
