import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { ScrRecord } from '../../../main/core/contract/record';

/**
 * A clinic letter that lists medicines in prose, over two pages with a running footer: a
 * layout the rules have no parser for, so `auto` mode must send it whole. Values wrap
 * across lines, one drug name is hyphenated across a line break, and nothing is printed
 * for quantities, so a correct model answer has none.
 */
const PAGES: string[][] = [
  [
    'Leeds General Infirmary',
    'Respiratory Outpatients, Great George Street, Leeds',
    '',
    '14 April 2025',
    'Dear Dr Patel,',
    'Re: Mrs Grace HOLLOWAY, born 3 February 1948, NHS number 999 765 4323',
    '14 Elm Close, Headingley, Leeds, LS6 2QR',
    'GP: Dr Patel, Oakwood Surgery (B86001)',
    '',
    'I saw Mrs Holloway in the respiratory clinic today. She has type 2 diabetes mellitus and essential',
    'hypertension, diagnosed on 12 June 2019. She reports an allergy to penicillin, which gave her a rash.',
    'Her regular medicines are metformin 500mg tablets, one tablet twice a day with meals, and amlodipine',
    '5mg tablets, one tablet each morning. I have started lanso-',
    'prazole 30mg capsules, one capsule each morning, from 14 March 2024.',
  ],
  [
    'She stopped simvastatin 40mg tablets on 2 January 2024 because of muscle aches, and I have not',
    'restarted it. Please continue her other medicines as before.',
    '',
    'Yours sincerely,',
    'Dr A Khan, Consultant Physician',
  ],
];

export const LETTER_FOOTER = 'Leeds General Infirmary - Confidential - Page';

export const LETTER_TRUTH: ScrRecord = {
  patient: {
    nhsNumber: '9997654323',
    title: 'Mrs',
    givenName: 'Grace',
    familyName: 'HOLLOWAY',
    dateOfBirth: '1948-02-03',
    sex: null,
    address: '14 Elm Close, Headingley, Leeds',
    postcode: 'LS6 2QR',
    gpPracticeName: 'Oakwood Surgery',
    gpPracticeCode: 'B86001',
  },
  allergies: [{ description: 'allergy to penicillin', reaction: 'rash', date: null }],
  medications: [
    { category: 'repeat', name: 'metformin 500mg tablets', dosage: 'one tablet twice a day with meals', quantity: null, date: null, endDate: null },
    { category: 'repeat', name: 'amlodipine 5mg tablets', dosage: 'one tablet each morning', quantity: null, date: null, endDate: null },
    { category: 'repeat', name: 'lansoprazole 30mg capsules', dosage: 'one capsule each morning', quantity: null, date: '2024-03-14', endDate: null },
    { category: 'discontinued', name: 'simvastatin 40mg tablets', dosage: null, quantity: null, date: null, endDate: '2024-01-02' },
  ],
  problems: [
    { term: 'type 2 diabetes mellitus', date: null },
    { term: 'essential hypertension', date: '2019-06-12' },
  ],
};

export async function letterPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  PAGES.forEach((lines, p) => {
    const page = doc.addPage([595, 842]);
    let y = 842 - 110;
    lines.forEach((line, i) => {
      if (line) page.drawText(line, { x: 56, y, size: p === 0 && i === 0 ? 14 : 10, font: p === 0 && i === 0 ? bold : font });
      y -= p === 0 && i === 0 ? 20 : 14;
    });
    page.drawText(`${LETTER_FOOTER} ${p + 1} of ${PAGES.length}`, { x: 56, y: 30, size: 8, font });
  });
  return doc.save();
}
