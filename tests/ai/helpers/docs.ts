import { PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import type { ScrRecord } from '../../../main/core/contract/record';
import type { DocumentText } from '../../../main/core/contract/text';
import type { Answer } from '../../../main/core/extract/ai/answer-schema';
import { buildDocumentView, viewText } from '../../../main/core/layout/document-view';
import type { RecordedRequest } from '../../helpers/fake-openai-server';
import { OracleModel } from '../../helpers/oracle/oracle-model';
import { syntheticText, type SyntheticRow } from './synthetic-text';

/**
 * Small documents of the project's own for the AI tests, made as positioned text (no PDF, no
 * ../shared): a GP-system summary whose table cells wrap the way printed ones do, and a
 * clinic letter in prose. Each comes with its truth. All people and numbers are synthetic
 * (NHS numbers in the 999 range).
 */
const H = { size: 13, font: 'bold' };

function heading(y: number, text: string, page = 1): SyntheticRow {
  return { page, y, cells: [{ x: 40, text, ...H }] };
}

/**
 * Medication rows print the date as 'Prescribed: 14-Mar-' over '2024' and 'Last Issued: 05'
 * over 'May 2025' (the cell wraps), names and dosages wrap onto a second line, and a
 * quantity is printed in the plural.
 */
export function summaryDoc(opts: { twoPages?: boolean } = {}): { text: DocumentText; truth: ScrRecord; rows: SyntheticRow[] } {
  const rows: SyntheticRow[] = [
    { y: 60, cells: [{ x: 40, text: 'GP Summary', size: 16, font: 'bold' }] },
    { y: 90, cells: [{ x: 40, text: 'Name' }, { x: 140, text: 'Mrs Olivia OKAFOR' }, { x: 320, text: 'NHS No.' }, { x: 400, text: '999 886 5085' }] },
    { y: 104, cells: [{ x: 40, text: 'Born' }, { x: 140, text: '18 Oct 1985' }, { x: 320, text: 'Gender' }, { x: 400, text: 'Female' }] },
    { y: 118, cells: [{ x: 40, text: 'Address' }, { x: 140, text: '70 Victoria Road, Heavitree, Exeter, EX1 2QR' }] },
    heading(150, 'Allergies'),
    { y: 168, cells: [{ x: 40, text: 'Date' }, { x: 140, text: 'Description' }, { x: 320, text: 'Reaction' }] },
    { y: 182, cells: [{ x: 40, text: '05 Dec 2020' }, { x: 140, text: 'Erythromycin intolerance' }, { x: 320, text: 'Nausea' }] },
    heading(214, 'Acute Medications'),
    { y: 232, cells: [{ x: 40, text: 'Date' }, { x: 140, text: 'Medication Item' }, { x: 300, text: 'Dosage Instructions' }, { x: 470, text: 'Quantity' }] },
    { y: 246, cells: [{ x: 40, text: 'Prescribed: 14-Mar-' }, { x: 140, text: 'Amoxicillin 500mg' }, { x: 300, text: 'One capsule three times' }, { x: 470, text: '21 capsules' }] },
    { y: 258, cells: [{ x: 40, text: '2024' }, { x: 140, text: 'capsules' }, { x: 300, text: 'a day for 7 days' }] },
    heading(290, 'Current Repeat Medications'),
    { y: 308, cells: [{ x: 40, text: 'Date' }, { x: 140, text: 'Medication Item' }, { x: 300, text: 'Dosage Instructions' }, { x: 470, text: 'Quantity' }] },
    { y: 322, cells: [{ x: 40, text: 'Last Issued: 05' }, { x: 140, text: 'Simvastatin 40mg tablets' }, { x: 300, text: 'One tablet at night' }, { x: 470, text: '28 tablet' }] },
    { y: 334, cells: [{ x: 40, text: 'May 2025' }] },
    { y: 350, cells: [{ x: 40, text: 'Last Issued: 03' }, { x: 140, text: 'Colecalciferol 800unit' }, { x: 300, text: 'One capsule each day' }, { x: 470, text: '30 capsule' }] },
    { y: 362, cells: [{ x: 40, text: 'Jul 2025' }, { x: 140, text: 'capsules' }] },
  ];
  // On two pages, the problems go over the page and every page has a running footer.
  const problemsPage = opts.twoPages ? 2 : 1;
  const top = opts.twoPages ? 60 - 394 : 0;
  rows.push(
    heading(394 + top, 'Problems', problemsPage),
    { page: problemsPage, y: 412 + top, cells: [{ x: 40, text: 'Date' }, { x: 140, text: 'Description' }] },
    { page: problemsPage, y: 426 + top, cells: [{ x: 40, text: '18 Nov 2009' }, { x: 140, text: 'Essential hypertension' }] },
    { page: problemsPage, y: 440 + top, cells: [{ x: 40, text: '02 Feb 2016' }, { x: 140, text: 'Asthma' }] },
  );
  if (opts.twoPages) {
    for (const page of [1, 2]) rows.push({ page, y: 810, cells: [{ x: 40, text: `Printed by Oakwood Surgery on 30 Sep 2025 6:53 AM - Page ${page} of 2`, size: 8 }] });
  }
  const truth: ScrRecord = {
    patient: {
      nhsNumber: '9998865085',
      title: null,
      givenName: 'Olivia',
      familyName: 'Okafor',
      dateOfBirth: '1985-10-18',
      sex: 'female',
      address: '70 Victoria Road, Heavitree, Exeter',
      postcode: 'EX1 2QR',
      gpPracticeName: null,
      gpPracticeCode: null,
    },
    allergies: [{ description: 'Erythromycin intolerance', reaction: 'Nausea', date: '2020-12-05' }],
    medications: [
      { category: 'acute', name: 'Amoxicillin 500mg capsules', dosage: 'One capsule three times a day for 7 days', quantity: '21 capsules', date: '2024-03-14', endDate: null },
      { category: 'repeat', name: 'Simvastatin 40mg tablets', dosage: 'One tablet at night', quantity: '28 tablet', date: '2025-05-05', endDate: null },
      { category: 'repeat', name: 'Colecalciferol 800unit capsules', dosage: 'One capsule each day', quantity: '30 capsule', date: '2025-07-03', endDate: null },
    ],
    problems: [
      { term: 'Essential hypertension', date: '2009-11-18' },
      { term: 'Asthma', date: '2016-02-02' },
    ],
  };
  return { text: syntheticText(rows), truth, rows };
}

/**
 * A clinic letter in prose: sex stated in a sentence, in capitals, after a line break ('a 76
 * year old' / 'FEMALE, …'); under a heading of its own, problems and an intolerance across
 * line breaks and in another case than the record's, and a drug name hyphenated over a
 * line break; the patient's details in a 'Re:' line.
 */
export function letterDoc(name: { given: string; family: string } = { given: 'Dana', family: 'Ferguson' }): { text: DocumentText; truth: ScrRecord; rows: SyntheticRow[] } {
  const line = (y: number, text: string, page = 1): SyntheticRow => ({ page, y, cells: [{ x: 56, text }] });
  const rows: SyntheticRow[] = [
    { y: 60, cells: [{ x: 56, text: 'Northgate Renal Clinic', size: 14, font: 'bold' }] },
    line(90, `Re: Ms ${name.given} ${name.family.toUpperCase()}, born 3 February 1948, NHS number 999 765 4323`),
    line(104, '14 Elm Close, Headingley, Leeds, LS6 2QR'),
    line(132, 'Dear Dr Patel,'),
    line(146, `I saw Ms ${name.family}, a 76 year old`),
    line(160, 'FEMALE, in the renal clinic today with her daughter.'),
    { y: 188, cells: [{ x: 56, text: 'Diagnoses and medicines', size: 12, font: 'bold' }] },
    line(206, 'She has essential'),
    line(220, 'HYPERTENSION, diagnosed on 12 June 2019, and type 2 diabetes mellitus. She reports ramipril'),
    line(234, 'intolerance (a dry cough). Her regular medicines are metformin 500mg tablets, one tablet twice'),
    line(248, 'a day, and amlodipine 5mg tablets, one each morning. I have started lanso-'),
    line(262, 'prazole 30mg capsules, one capsule each morning, from 14 March 2024.'),
    line(290, 'Yours sincerely,'),
    line(304, 'Dr A Khan'),
  ];
  const truth: ScrRecord = {
    patient: {
      nhsNumber: '9997654323',
      title: null,
      givenName: name.given,
      familyName: name.family,
      dateOfBirth: '1948-02-03',
      sex: 'female',
      address: '14 Elm Close, Headingley, Leeds',
      postcode: 'LS6 2QR',
      gpPracticeName: null,
      gpPracticeCode: null,
    },
    allergies: [{ description: 'Ramipril intolerance', reaction: 'dry cough', date: null }],
    medications: [
      { category: 'repeat', name: 'metformin 500mg tablets', dosage: 'one tablet twice a day', quantity: null, date: null, endDate: null },
      { category: 'repeat', name: 'amlodipine 5mg tablets', dosage: 'one each morning', quantity: null, date: null, endDate: null },
      { category: 'repeat', name: 'lansoprazole 30mg capsules', dosage: 'one capsule each morning', quantity: null, date: '2024-03-14', endDate: null },
    ],
    problems: [
      { term: 'Essential hypertension', date: '2019-06-12' },
      { term: 'type 2 diabetes mellitus', date: null },
    ],
  };
  return { text: syntheticText(rows), truth, rows };
}

/** The same rows drawn as a PDF (pdf-lib, standard fonts), for tests that go through the reader. */
export async function rowsPdf(rows: SyntheticRow[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages = new Map<number, PDFPage>();
  for (const row of rows) {
    const n = row.page ?? 1;
    let page = pages.get(n);
    if (!page) {
      page = pdf.addPage([595, 842]);
      pages.set(n, page);
    }
    for (const cell of row.cells) {
      page.drawText(cell.text, { x: cell.x, y: 842 - row.y, size: cell.size ?? 10, font: cell.font === 'bold' ? bold : regular });
    }
  }
  return pdf.save();
}

/**
 * What a model that reads perfectly answers about a whole document, in our schema (the
 * oracle of tests/helpers/oracle, without its invented entry): for tests that plant their
 * own mistakes in an otherwise correct answer.
 */
export function oracleAnswer(text: DocumentText, truth: ScrRecord): Answer {
  const oracle = new OracleModel({ noInvention: true });
  oracle.add({ id: 'doc', truth });
  const view = buildDocumentView(text);
  const prompt = `<<<\n${viewText(view)}\n>>>`;
  const req = { body: { messages: [{ role: 'user', content: prompt }], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { properties: { patient: {} } } } } }, rawBody: prompt } as unknown as RecordedRequest;
  const body = oracle.respond(req).body as { choices: { message: { content: string } }[] };
  return JSON.parse(body.choices[0]!.message.content) as Answer;
}
