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
  'You checked a UK GP patient summary before. Some of the values you gave could not be found in the document text.',
  'For each item below, read the document again. If the document states the value, give it with its evidence: the',
  'exact text it is printed as, copied character for character. If the document does not state it, give null for both.',
  'Dates as YYYY-MM-DD. Answer every id listed, and nothing else.',
].join('\n');

export interface RecheckQuestion {
  id: string;
  field: string;
  claimed: string;
  evidence: string | null;
}

export function recheckMessage(questions: RecheckQuestion[]): string {
  return (
    'Items to check again:\n' +
    questions
      .map((q) => `- id ${q.id} (${q.field}): you said ${JSON.stringify(q.claimed)}, evidence ${JSON.stringify(q.evidence)}`)
      .join('\n')
  );
}
