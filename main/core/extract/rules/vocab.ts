import type { ColumnVocab } from '../../layout/table';

/**
 * Column names by meaning. Header cells are normalised (lower case, letters and digits)
 * before matching; earlier entries win, so narrow names come before broad ones.
 */
export const MEDICATION_COLUMNS: ColumnVocab[] = [
  { role: 'type', re: /^(?:type|medication type|med type|category|status|kind|course|prescription type|issue type)$/ },
  { role: 'endDate', re: /\b(?:discontinu(?:ed)?|stopped|ceased|cancelled|end(?:ed)?(?: date)?|stop date|date ended|date stopped)\b/ },
  { role: 'reason', re: /^(?:reason|indication|reason for medication)$/ },
  {
    role: 'date',
    re: /^(?:date|dates|date issued|issued|last issued|last issue|last issue date|date of last issue|date prescribed|prescribed|start(?:ed)?(?: date)?|date started|issue date|date of issue|authorised|date authorised|effective(?: date)?|recorded|date recorded|date added|added|last prescribed|when)$/,
  },
  { role: 'quantity', re: /\b(?:quantity|qty|amount|supply|supplied|pack size|pack|no of units)\b/ },
  { role: 'dosage', re: /\b(?:dos(?:e|es|age)|instructions?|directions?|sig|how to take|usage|frequency)\b/ },
  { role: 'name', re: /\b(?:medication|medications|medicine|medicines|drug|drugs|item|items|preparation|product|treatment|name|description)\b/ },
  { role: 'ignore', re: /\b(?:notes?|comments?|prescriber|review|issues?|number|no|source|route)\b/ },
];

export const ALLERGY_COLUMNS: ColumnVocab[] = [
  {
    role: 'date',
    re: /^(?:date|date recorded|recorded|onset|onset date|date of onset|date identified|identified|since|first recorded|date entered|entered|noted|date noted|effective(?: date)?|date added|added|when)$/,
  },
  { role: 'reaction', re: /^(?:reactions?|manifestations?|effects?|symptoms?|reaction type|reaction details|response|outcome|what happens|adverse effect)$/ },
  { role: 'ignore', re: /\b(?:certainty|severity|supporting|verification|criticality|status|type|category|comments?|notes?|source|additional)\b/ },
  { role: 'description', re: /\b(?:description|allerg\w*|substance|agent|causative|drug|details|entry|item|trigger|name|medication|medicine|sensitivit\w*|intolerance|adverse reaction)\b/ },
];

export const PROBLEM_COLUMNS: ColumnVocab[] = [
  {
    role: 'date',
    re: /^(?:date|onset|onset date|date of onset|start|start date|started|recorded|date recorded|diagnosed|date diagnosed|date of diagnosis|effective(?: date)?|from|since|date entered|entered|date added|added|when|year)$/,
  },
  { role: 'ignore', re: /^(?:code|read code|snomed(?: ct)?(?: code)?|concept id)$|\b(?:end|ended|resolved|status|significance|additional|comments?|notes?|episode|type|severity|source|clinician)\b/ },
  { role: 'term', re: /\b(?:description|problems?|diagnos[ie]s|conditions?|term|details|title|entry|name|issues?)\b/ },
];
