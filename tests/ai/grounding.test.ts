import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { FieldKind } from '../../main/core/extract/ai/answer-schema';
import { locateValue } from '../../main/core/extract/ai/locate-value';
import { buildTextIndex } from '../../main/core/extract/ai/text-index';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { withFlags } from '../../main/core/extract/review-flags';
import { buildDocumentView } from '../../main/core/layout/document-view';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { scoreRecord } from '../helpers/score';
import { letterDoc, summaryDoc } from './helpers/docs';
import { chatRequests, openAiPort, promptText, signal } from './helpers/ports';
import { syntheticText, type SyntheticRow } from './helpers/synthetic-text';

/**
 * Grounding finds values as printed (issue 12). A model's value is dropped only when it is
 * truly not printed anywhere in the document, and the warning then says which part of it
 * is not printed. The model here is an oracle that answers the truth in our schema (see
 * tests/helpers/oracle); each test plants what it is about.
 */
let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** The oracle's answer to a request, as an object a test can change. */
function answerOf(oracle: OracleModel, req: RecordedRequest): any {
  return JSON.parse((oracle.respond(req).body as { choices: { message: { content: string } }[] }).choices[0]!.message.content);
}

function found(rows: SyntheticRow[], kind: FieldKind, value: string, evidence: string | null = null): boolean {
  return locateValue(buildTextIndex(buildDocumentView(syntheticText(rows)).sections), kind, value, evidence) !== null;
}

/** ai mode over a document, against a model answering the truth (without an invented entry). */
async function readWithOracle(doc: { text: ReturnType<typeof summaryDoc>['text']; truth: ReturnType<typeof summaryDoc>['truth'] }) {
  const oracle = new OracleModel({ noInvention: true });
  oracle.add({ id: 'doc', truth: doc.truth });
  server.setHandler(oracle.respond);
  const port = openAiPort(server);
  return port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
}

describe('dates in every printed form', () => {
  it('reproduces the reported failure: a date after "Prescribed:" whose year is on the next line of its cell is kept', async () => {
    const doc = summaryDoc();
    const { result } = await readWithOracle(doc);
    expect(result.record.medications[0]).toMatchObject({ name: 'Amoxicillin 500mg capsules', date: '2024-03-14' });
    // 'Last Issued: 05' over 'May 2025' too.
    expect(result.record.medications[1]).toMatchObject({ name: 'Simvastatin 40mg tablets', date: '2025-05-05' });
    expect(result.warnings.filter((w) => w.code === 'not-found-in-document')).toEqual([]);
    expect(scoreRecord(doc.truth, result.record).misses).toEqual([]);
  });

  const FORMS: [string, string][] = [
    ['14/03/2024', '2024-03-14'],
    ['14.3.24', '2024-03-14'],
    ['14-Mar-2024', '2024-03-14'],
    ['14 March 2024', '2024-03-14'],
    ['14th March 2024', '2024-03-14'],
    ['March 14, 2024', '2024-03-14'],
    ['Sept 3rd 2023', '2023-09-03'],
    ['2024-03-14', '2024-03-14'],
    ['20240314', '2024-03-14'],
    ['2020-11-17T15:59:01+00:00', '2020-11-17'],
  ];
  it.each(FORMS)('finds %s as %s', (printed, iso) => {
    expect(found([{ y: 100, cells: [{ x: 40, text: 'Recorded' }, { x: 140, text: printed }] }], 'date', iso)).toBe(true);
  });

  it('finds a date split over a cell break, even inside a number, and an ISO timestamp split after the month', () => {
    const rows: SyntheticRow[] = [
      { y: 100, cells: [{ x: 40, text: 'Amlodipine 5mg tablets' }, { x: 200, text: '29/07/20' }, { x: 300, text: '2020-11-' }] },
      { y: 112, cells: [{ x: 200, text: '24' }, { x: 300, text: '17T15:59:01+00:00' }] },
    ];
    expect(found(rows, 'date', '2024-07-29')).toBe(true);
    expect(found(rows, 'date', '2020-11-17')).toBe(true);
    expect(found(rows, 'date', '2020-07-29')).toBe(false);
  });

  it('reads numeric dates month first only where the document proves it (one of its own dates can only be read that way)', () => {
    const proves: SyntheticRow[] = [
      { y: 100, cells: [{ x: 40, text: 'Recorded' }, { x: 140, text: '12/20/2016' }] },
      { y: 120, cells: [{ x: 40, text: 'Onset' }, { x: 140, text: '3/4/2020' }] },
    ];
    expect(found(proves, 'date', '2020-03-04')).toBe(true);
    expect(found(proves, 'date', '2020-04-03')).toBe(false);
    const ukOnly: SyntheticRow[] = [{ y: 120, cells: [{ x: 40, text: 'Onset' }, { x: 140, text: '3/4/2020' }] }];
    expect(found(ukOnly, 'date', '2020-04-03')).toBe(true);
    expect(found(ukOnly, 'date', '2020-03-04')).toBe(false);
    // A document with dates that prove each order stays day first.
    const mixed: SyntheticRow[] = [...proves, { y: 140, cells: [{ x: 40, text: 'Seen' }, { x: 140, text: '25/12/2019' }] }];
    expect(found(mixed, 'date', '2020-04-03')).toBe(true);
  });
});

describe('text across line breaks and hyphenation, whatever its case', () => {
  it('reproduces the reported failure: "female", "Ramipril intolerance" and "Essential hypertension", printed in a letter, are kept', async () => {
    const doc = letterDoc();
    const { result } = await readWithOracle(doc);
    expect(result.record.patient.sex).toBe('female');
    expect(result.record.allergies.map((a) => a.description)).toEqual(['Ramipril intolerance']);
    expect(result.record.problems.map((p) => p.term)).toContain('Essential hypertension');
    expect(result.record.medications.map((m) => m.name)).toContain('lansoprazole 30mg capsules');
    expect(result.warnings.filter((w) => w.code === 'not-found-in-document')).toEqual([]);
    expect(scoreRecord(doc.truth, result.record).misses).toEqual([]);
  });

  it('takes quantities with or without the plural, keeping the form printed', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      // The model gives the plural where '28 tablet' is printed, and the singular where '21 capsules' is.
      body.medications[0].quantity.value = '21 capsule';
      body.medications[1].quantity = { value: '28 tablets', evidence: '28 tablets' };
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(result.record.medications.map((m) => m.quantity)).toEqual(['21 capsules', '28 tablet', '30 capsule']);
  });

  it('finds a value in two cells the printer glued together', () => {
    const rows: SyntheticRow[] = [
      { y: 100, cells: [{ x: 40, text: '17 March' }, { x: 140, text: 'One capsule' }, { x: 227, text: '30' }, { x: 254, text: 'Colecalciferol' }] },
      { y: 112, cells: [{ x: 140, text: 'each day' }, { x: 227, text: 'capsule800unit' }] },
      { y: 124, cells: [{ x: 254, text: 'capsules' }] },
    ];
    expect(found(rows, 'key', 'Colecalciferol 800unit capsules')).toBe(true);
  });
});

describe('the whole document is checked, not just the part sent', () => {
  it('keeps values the model gives for sections it was not asked about, where they are printed', async () => {
    const doc = letterDoc();
    const rules = extractWithRules(doc.text);
    // The rules are unsure only of the patient's sex: auto mode sends the banner alone.
    const flagged: ExtractionResult = withFlags({
      ...rules,
      record: { ...rules.record, patient: { ...rules.record.patient, sex: null }, medications: [], allergies: [], problems: [] },
      provenance: Object.fromEntries(Object.entries(rules.provenance).filter(([p]) => p.startsWith('patient.'))),
      confidence: Object.fromEntries(Object.entries(rules.confidence).filter(([p]) => p.startsWith('patient.'))),
      warnings: [{ code: 'sex-doubtful', message: 'check the sex', path: 'patient.sex' }],
    });
    // The model answers from the whole letter all the same (the case reported in issue 12).
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => oracle.respond({ ...req, body: { ...(req.body as object), messages: [{ role: 'user', content: `<<<\n${wholeText(doc.text)}\n>>>` }] } }));
    const port = openAiPort(server);
    const plan = port.plan(doc.text, flagged, 'auto')!;
    expect(plan.scope).toBe('sections');
    const { result } = await port.run(doc.text, flagged, plan, { signal: signal() });
    expect(promptText(chatRequests(server)[0]!)).not.toContain('HYPERTENSION');
    expect(result.record.patient.sex).toBe('female');
    expect(result.record.problems.map((p) => p.term)).toContain('Essential hypertension');
    expect(result.record.allergies.map((a) => a.description)).toEqual(['Ramipril intolerance']);
    expect(result.warnings.filter((w) => w.code === 'not-found-in-document')).toEqual([]);
  });
});

function wholeText(text: ReturnType<typeof letterDoc>['text']): string {
  return buildDocumentView(text).lines.map((l) => l.text).join('\n');
}

describe('a value is dropped only if it is truly not printed', () => {
  it('keeps a printed value whose evidence was paraphrased or missing', () => {
    const rows: SyntheticRow[] = [{ y: 100, cells: [{ x: 40, text: 'Seen' }, { x: 140, text: '15 Mar 2024' }] }];
    expect(found(rows, 'date', '2024-03-15', 'seen on the fifteenth of March')).toBe(true);
    expect(found(rows, 'date', '2024-03-15', null)).toBe(true);
  });

  it('drops an invented entry whole, even with a real line of the document as its evidence; it leaves nothing to check, so no flag', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      body.medications.push({
        category: { value: 'repeat', evidence: null },
        name: { value: 'Zolmitriptan 2.5mg tablets', evidence: 'Simvastatin 40mg tablets' },
        dosage: { value: 'One tablet at night', evidence: 'One tablet at night' },
        quantity: { value: '28 tablet', evidence: '28 tablet' },
        date: { value: null, evidence: null },
        endDate: { value: null, evidence: null },
      });
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(JSON.stringify(result.record)).not.toContain('Zolmitriptan');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'not-found-in-document', claimed: 'Zolmitriptan 2.5mg tablets' })]);
    expect(result.warnings[0]!.path).toBeUndefined();
    expect(result.flags).toEqual([]);
  });

  it('drops a field that is not printed, flags it, and says which part is not printed', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      body.patient.dateOfBirth = { value: '1986-10-18', evidence: '18 Oct 1986' };
      body.problems[0].term = { value: 'Essential hypertension crisis', evidence: null };
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(result.record.patient.dateOfBirth).toBeNull();
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'not-found-in-document', path: 'patient.dateOfBirth', claimed: '1986-10-18', missing: 'the year' }),
    );
    expect(result.warnings.find((w) => w.path === 'patient.dateOfBirth')!.message).toMatch(/the year is not/);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'not-found-in-document', claimed: 'Essential hypertension crisis', missing: 'crisis' }));
    expect(result.flags.map((f) => f.path)).toEqual(['patient.dateOfBirth']);
    // Messages name the field and the part, never a document value.
    for (const w of result.warnings) expect(w.message).not.toMatch(/1986|crisis/);
  });

  it('keeps a value printed only against another entry, flagged for the reviewer, at low confidence', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      // Simvastatin's date is 05 May 2025; 03 Jul 2025 is printed, but for Colecalciferol.
      body.medications[1].date = { value: '2025-07-03', evidence: 'Jul 2025' };
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(result.record.medications[1]).toMatchObject({ name: 'Simvastatin 40mg tablets', date: '2025-07-03' });
    expect(result.confidence['medications.1.date']).toBeLessThan(0.8);
    expect(result.flags).toContainEqual(expect.objectContaining({ path: 'medications.1.date', code: 'not-beside-entry' }));
  });
});

describe('kinds and categories', () => {
  it('takes a medication category from the heading it is printed under, saying so', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      body.medications[1].category = { value: 'acute', evidence: null };
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(result.record.medications[1]).toMatchObject({ name: 'Simvastatin 40mg tablets', category: 'repeat' });
    expect(result.provenance['medications.1.category']!.text).toBe('Current Repeat Medications');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'category-from-heading', path: 'medications.1.category', claimed: 'acute' })]);
  });

  it('keeps a medication printed under Allergies in words of an allergy, flagging the entry for review', async () => {
    const doc = summaryDoc();
    const oracle = new OracleModel({ noInvention: true });
    oracle.add({ id: 'doc', truth: doc.truth });
    server.setHandler((req) => {
      const body = answerOf(oracle, req);
      body.medications.push({
        category: { value: 'repeat', evidence: null },
        name: { value: 'Erythromycin', evidence: 'Erythromycin intolerance' },
        dosage: { value: null, evidence: null },
        quantity: { value: null, evidence: null },
        date: { value: null, evidence: null },
        endDate: { value: null, evidence: null },
      });
      return { body: completion(body) };
    });
    const port = openAiPort(server);
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    const idx = result.record.medications.findIndex((m) => m.name === 'Erythromycin');
    expect(idx).toBeGreaterThanOrEqual(0);
    expect(result.flags).toContainEqual(expect.objectContaining({ path: `medications.${idx}`, code: 'item-kind-doubtful' }));
  });
});
