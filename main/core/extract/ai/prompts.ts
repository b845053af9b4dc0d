/**
 * Everything the model is told, in one place. The document text is the only patient data
 * in any message; it is the furniture-free view text, never the PDF.
 */
export const EXTRACT_INSTRUCTIONS = [
  'You read the text of a UK GP patient summary (a Summary Care Record, a GP system print or a letter) and return the',
  'patient details, allergies, medications and problems it states, as JSON.',
  'Rules:',
  '- Give every value as { value, evidence }. Evidence is the exact text the value was read from, copied character',
  '  for character from the document (a date as printed, e.g. "14 Mar 2024"; a name as printed); null when the value',
  '  is null. Never paraphrase evidence.',
  '- Only state what the document says. If it does not say something, give null (and an empty list for a list with no',
  '  entries). Never guess, never add medicines, doses, quantities or dates that are not printed.',
  '- Dates as YYYY-MM-DD. NHS numbers as 10 digits without spaces. Postcodes upper case with one space.',
  '- Medication category: acute, repeat or discontinued, from the heading or wording the item appears under. For a',
  '  discontinued item, date is the last issue date and endDate the date it was discontinued.',
  '- Allergies and adverse reactions are never medications.',
  '- The text may be only some sections of the document; extract only what it contains.',
].join('\n');

export function documentMessage(text: string, scope: 'document' | 'sections'): string {
  const intro =
    scope === 'document'
      ? 'Document text (page headers, footers and print margins removed):'
      : 'Some sections of the document (the rest was read already):';
  return `${intro}\n<<<\n${text}\n>>>`;
}

export const RECHECK_INSTRUCTIONS = [
  'You are checking values read from a UK GP patient summary. For each question, read the lines of the document given',
  'and answer with the value the document states for that field of that entry, in the form asked for, and its evidence:',
  'the exact text it is printed as, copied character for character. The readings so far may be wrong; if the document',
  'does not state the value, give null for both. Answer every id listed, and nothing else.',
].join('\n');

export interface RecheckQuestion {
  id: string;
  field: string;
  /** The entry the field belongs to (its medication name, allergy or problem); null for the patient. */
  entry: string | null;
  /** The values read so far (the offline rules' and the AI service's). */
  readings: string[];
  /** The form the answer must take ('a date as YYYY-MM-DD'…). */
  form: string;
}

/** Questions as lines "- id q1: medications.3.dosage, entry "…"; readings so far: "…"; answer as …". */
export function recheckMessage(lines: string, questions: (RecheckQuestion & { path: string })[]): string {
  return (
    `Lines of the document:\n<<<\n${lines}\n>>>\n\nQuestions:\n` +
    questions
      .map((q) => {
        const entry = q.entry !== null ? `, entry ${JSON.stringify(q.entry)}` : '';
        const readings = q.readings.length ? `; readings so far: ${q.readings.map((r) => JSON.stringify(r)).join(', ')}` : '';
        return `- id ${q.id}: ${q.path}${entry}${readings}; answer as ${q.form}`;
      })
      .join('\n')
  );
}
