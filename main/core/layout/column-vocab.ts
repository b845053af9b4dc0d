import type { ColumnVocab, HeaderOptions } from './table';

/**
 * Table column names by meaning, for every kind of section at once: a header row is read
 * before anyone decides what the section holds, and its column names are then part of the
 * evidence for that decision (see section-content.ts). Header cells are normalised (lower
 * case, letters and digits) before matching; earlier entries win, so narrow names come
 * before broad ones.
 *
 * Roles:
 *   date, endDate           when it started / was issued; when it ended or was stopped
 *   drug                    a medication column ('Medication', 'Drug', 'Item')
 *   allergen                what the patient reacts to ('Allergen', 'Substance', 'Agent')
 *   term                    a problem or diagnosis column ('Problem', 'Condition')
 *   text                    a main text column that names no kind ('Description', 'Details')
 *   dosage, dose            instructions ('Dosage', 'Sig'); a dose or strength ('Dose')
 *   quantity, type, status  quantity; the kind of prescription; its state ('Active', 'Stopped')
 *   reaction                the reaction ('Reaction', 'Manifestation')
 *   allergyNote             columns only allergy tables carry ('Criticality', 'Certainty')
 *   problemNote             columns only problem lists carry ('Significance')
 *   otherKind               columns of records we do not extract (immunisations, procedures,
 *                           results, devices): evidence that the section is none of ours
 *   ignore                  columns we read past ('Comment', 'Who', 'Form', 'Route', 'Code')
 */
export type ColumnRole =
  | 'date'
  | 'endDate'
  | 'drug'
  | 'allergen'
  | 'term'
  | 'text'
  | 'dosage'
  | 'dose'
  | 'quantity'
  | 'type'
  | 'status'
  | 'reaction'
  | 'allergyNote'
  | 'problemNote'
  | 'severity'
  | 'otherKind'
  | 'reason'
  | 'ignore';

const DATE_WORDS =
  'date|dates|date issued|issued|issued date|last issued|last issued date|date last issued|last issue|last issue date|date of last issue|date prescribed|prescribed|start|started|start date|date started|issue date|date of issue|authorised|date authorised|effective|effective date|recorded|date recorded|date added|added|last prescribed|when|onset|onset date|date of onset|date identified|identified|since|first recorded|date entered|entered|noted|date noted|diagnosed|date diagnosed|date of diagnosis|from|year|validity start|validity start date|period|time period|entry date|event date|consultation date|clinical date';

export const COLUMN_VOCAB: (ColumnVocab & { role: ColumnRole })[] = [
  // Counts of issues are not problems: 'Issues', 'Max Issues', 'Number of issues'. A lone
  // 'Issue' is a problem's name, as FHIR-style records label it ('Issue: Otitis media').
  { role: 'ignore', re: /^(?:(?:max(?:imum)?|no of|number of|num)\s+issues?|issues)(?:\s+(?:count|remaining|issued|allowed))?$|^issue\s+(?:count|remaining|issued|allowed)$|\bduration\b|^days?\b|^(?:number|no|count|total|how many)\b|\bcount$/ },
  { role: 'reason', re: /\b(?:reason|indication)\b/ },
  // 'Last supplied', 'Last dispensed': the date of the last supply, not a quantity.
  { role: 'date', re: /^(?:last|latest|most recent|recent|date last|date of last)\s+(?:issued?|supplied|supply|prescribed|dispensed|given|prescription)(?:\s+(?:date|on))?$|^(?:date|when)\s+(?:supplied|dispensed)$/ },
  { role: 'otherKind', re: /\b(?:immuni[sz]ations?|vaccin(?:e|es|ations?)|procedures?|date performed|performed|results?|values?|reference range|range|units?|tests?|investigations?|lot|lot number|batch(?: number)?|next due|due|administration(?: dates?| location| site)?|site|device|timing|observations?|readings?)\b/ },
  { role: 'endDate', re: /\b(?:discontinu(?:ed|ation)?(?: date)?|stopped|ceased|cancelled|end(?:ed)?(?: date)?|stop date|date ended|date stopped|resolved(?: date)?|date resolved|validity end(?: date)?|to)$|^(?:end|ended|end date|stop date|date ended|date stopped|date resolved|resolved date)$/ },
  { role: 'date', re: new RegExp(`^(?:${DATE_WORDS})$`) },
  { role: 'quantity', re: /\b(?:quantity|qty|amount|supply|supplied|pack size|pack|no of units|disp|dispensed)\b/ },
  // 'Medication / Instructions', 'Drug and directions': one column holds both, the medicine first.
  { role: 'drug', re: /\b(?:medications?|medicines?|drugs?|items?|products?)\b.*\b(?:instructions?|dosage|directions?|dose|sig)\b/ },
  { role: 'dosage', re: /\b(?:dosage|dosage instructions?|dose instructions?|instructions?|directions?|sig|how to take|usage|frequency)\b/ },
  { role: 'dose', re: /^(?:dose|doses|strength|dose strength)$/ },
  { role: 'reaction', re: /^(?:reactions?|manifestations?|effects?|symptoms?|reaction type|reaction details|response|outcome|what happens|adverse effect|reaction manifestation|(?:type|nature|description|details) of (?:the )?reaction|reaction description|reaction and severity|reaction severity)$/ },
  { role: 'allergyNote', re: /\b(?:criticality|certainty)\b/ },
  { role: 'problemNote', re: /\b(?:significance|episode|problem status)\b/ },
  { role: 'severity', re: /\b(?:severity|verification(?: status)?|clinical status|supporting|confirmed)\b/ },
  { role: 'type', re: /^(?:type|medication type|med type|category|kind|course|prescription type|issue type|allergy type|intolerance type)$/ },
  { role: 'status', re: /^(?:status|current status|state)$/ },
  { role: 'allergen', re: /\b(?:allerg\w*|substance|agent|causative(?: agent)?|trigger|sensitivit\w*|intolerances?|adverse reactions?)\b/ },
  { role: 'drug', re: /\b(?:medications?|medicines?|drugs?|drug name|items?|preparations?|products?|treatments?|medication items?|medication name|prescribed items?)\b/ },
  { role: 'term', re: /\b(?:clinical findings?|problems?|diagnos[ie]s|(?:co-?)?morbidit(?:y|ies)|conditions?|medical problems?|illness(?:es)?|disorders?|issues?|complaint)\b/ },
  { role: 'text', re: /\b(?:description|term|details|title|entry|entries|name|summary|code description|clinical term|read term|snomed term|concept|display|code display)\b/ },
  // Any other name for a start or an end: 'Prescription Date', 'Date Noted', 'Discontinued On'.
  { role: 'ignore', re: /\breview\b|\bnext\b.*\b(?:due|date)\b/ },
  { role: 'endDate', re: /\b(?:end|ended|stop|stopped|discontinu\w*|ceased|resolved|cancelled|expir\w*)\b.*\b(?:date|on)\b|\b(?:date|on)\b.*\b(?:ended|stopped|discontinued|resolved|ceased)\b/ },
  { role: 'date', re: /\bdate\b|\b(?:noted|recorded|authored|asserted|entered|diagnosed|prescribed|started|issued)(?: on)?$|^(?:authored|asserted|recorded|entered|noted) on$/ },
  {
    role: 'ignore',
    re: /^(?:code|read code|snomed(?: ct)?(?: code)?|concept id)$|\b(?:notes?|comments?|prescriber|prescribed by|review(?: date)?|number|no|source|route|form|ingredients?|intent|who|by|author|recorded by|entered by|clinician|location|organisation|practice|additional|information|other|priority)\b/,
  },
];

/** What a column role says about the section's kind, with a weight. */
export const ROLE_EVIDENCE: Partial<Record<ColumnRole, { kind: 'medications' | 'allergies' | 'problems' | 'other'; weight: number }>> = {
  drug: { kind: 'medications', weight: 2 },
  dosage: { kind: 'medications', weight: 2 },
  dose: { kind: 'medications', weight: 1 },
  quantity: { kind: 'medications', weight: 2 },
  reason: { kind: 'medications', weight: 1 },
  allergen: { kind: 'allergies', weight: 3 },
  reaction: { kind: 'allergies', weight: 2 },
  allergyNote: { kind: 'allergies', weight: 2 },
  term: { kind: 'problems', weight: 2 },
  problemNote: { kind: 'problems', weight: 1 },
  otherKind: { kind: 'other', weight: 2 },
};

/** Roles that hold an entry's main text, by preference, for each kind of list. */
export const MAIN_TEXT_ROLES: Record<'medications' | 'allergies' | 'problems', ColumnRole[]> = {
  medications: ['drug', 'text', 'term'],
  // 'Drug | Details': the drug is what the patient reacts to; the details say how.
  allergies: ['allergen', 'drug', 'text', 'term'],
  problems: ['term', 'text'],
};

/** Tables of one column are headed by a main-text column name. */
export const HEADER_OPTIONS: HeaderOptions = { minMatched: 1, singleColumnRoles: ['drug', 'allergen', 'term', 'text'] };
