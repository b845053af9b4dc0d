import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerItem } from '../../main/core/extract/ai/answer-schema';
import type { DocumentText } from '../../main/core/contract/text';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server';
import { scoreRecord } from '../helpers/score';
import { chatBody, chatRequests, openAiPort, promptText, signal } from './helpers/ports';
import { richSummaryId, sampleText, sampleTruth, summaryDate, type SampleTruth } from './helpers/samples';
import { buildTruthAnswer } from './helpers/truth-answer';

/**
 * Step 2, deterministic verification: what the model says is kept only where the document
 * prints it. The model here is right about everything except what each test plants.
 */
let server: FakeOpenAiServer;
let text: DocumentText;
let truth: SampleTruth;
let good: Answer;

/** A birth date one day after the true one: a plausible misreading. */
const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const id = richSummaryId();
  text = await sampleText(id);
  truth = sampleTruth(id);
  good = buildTruthAnswer(text, truth).answer;
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const field = (value: string | null, evidence: string | null = value) => ({ value, evidence });

const AMOXICILLIN: AnswerItem = {
  category: field('repeat', 'Current Repeat Medications'),
  name: field('Amoxicillin 500mg capsules'),
  dosage: field('One capsule to be taken three times a day'),
  quantity: field('21 capsule'),
  date: field('2025-05-05', '05 May 2025'),
  endDate: field(null),
};

async function runWith(answer: Answer, extra: Parameters<typeof openAiPort>[1] = {}, recheck?: (req: RecordedRequest) => unknown) {
  server.setHandler((req) => {
    const name = chatBody(req).response_format?.json_schema?.name;
    return { body: completion(name === 'scr_recheck' && recheck ? recheck(req) : answer) };
  });
  const port = openAiPort(server, extra);
  return port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });
}

describe('verification', () => {
  it('drops a hallucinated medication and a wrong date of birth, and flags both with what the model said', async () => {
    const answer = structuredClone(good);
    answer.medications.push(AMOXICILLIN);
    const wrongDob = dayAfter(truth.patient.dateOfBirth!);
    answer.patient.dateOfBirth = field(wrongDob, summaryDate(truth.patient.dateOfBirth!));

    const { result } = await runWith(answer);

    expect(JSON.stringify(result.record)).not.toContain('Amoxicillin 500mg');
    expect(result.record.medications).toHaveLength(truth.medications.length);
    expect(result.record.patient.dateOfBirth).toBeNull();
    expect(result.provenance['patient.dateOfBirth']).toBeUndefined();
    expect(result.warnings).toEqual([
      { code: 'not-found-in-document', message: 'not found in document', path: 'patient.dateOfBirth', claimed: wrongDob },
      { code: 'not-found-in-document', message: 'not found in document', path: 'medications', claimed: 'Amoxicillin 500mg capsules' },
    ]);
    // Everything else was right and is kept.
    const { score, misses } = scoreRecord(truth, result.record);
    expect(score.fp).toBe(0);
    expect(misses.map((m) => m.path)).toEqual(['patient.dateOfBirth']);
  });

  it('drops a date of birth whose evidence is not printed either', async () => {
    const answer = structuredClone(good);
    const wrongDob = dayAfter(truth.patient.dateOfBirth!);
    answer.patient.dateOfBirth = field(wrongDob, summaryDate(wrongDob));
    const { result } = await runWith(answer);
    expect(result.record.patient.dateOfBirth).toBeNull();
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'patient.dateOfBirth', claimed: wrongDob })]);
  });

  it('drops a date printed only against another entry', async () => {
    const answer = structuredClone(good);
    // The first medicine's date claimed as another's: that date is printed, but against the other entry.
    const other = truth.medications.find((m) => m.date && m.date !== truth.medications[0]!.date && m.endDate !== truth.medications[0]!.date)!;
    answer.medications[0]!.date = field(other.date, summaryDate(other.date!));
    const { result } = await runWith(answer);
    expect(result.record.medications[0]).toMatchObject({ name: truth.medications[0]!.name, date: null });
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'medications.0.date', claimed: other.date })]);
  });

  it('does not accept a drug the patient is allergic to as a medication', async () => {
    const answer = structuredClone(good);
    // The substance of the first allergy ("Erythromycin intolerance" → erythromycin), claimed as a medicine.
    const allergy = truth.allergies[0]!.description;
    const drug = allergy.toLowerCase().split(/[^a-z-]+/).find((w) => w.length > 3 && !['allergy', 'intolerance', 'adverse', 'reaction'].includes(w))!;
    answer.medications.push({ ...AMOXICILLIN, name: field(drug, allergy), date: field(null), quantity: field(null), dosage: field(null) });
    const { result } = await runWith(answer);
    expect(result.record.medications.map((m) => m.name.toLowerCase())).not.toContain(drug);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'wrong-section', path: 'medications', claimed: drug })]);
  });

  it('takes a medication category from the heading it is printed under', async () => {
    const answer = structuredClone(good);
    const stoppedName = truth.medications.find((m) => m.category === 'discontinued')!.name;
    const stopped = answer.medications.findIndex((m) => m.name!.value === stoppedName);
    answer.medications[stopped]!.category = field('repeat', null);
    const { result } = await runWith(answer);
    expect(result.record.medications[stopped]!.category).toBe('discontinued');
    expect(result.provenance[`medications.${stopped}.category`]!.text).toMatch(/^Discontinued Repeat Medications/);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'category-from-heading', claimed: 'repeat' })]);
  });
});

describe('recheck of flagged items (recheckFlagged)', () => {
  it('asks again about the flagged items only, and verifies the answers the same way', async () => {
    const answer = structuredClone(good);
    answer.medications.push(AMOXICILLIN);
    const wrongDob = dayAfter(truth.patient.dateOfBirth!);
    answer.patient.dateOfBirth = field(wrongDob, summaryDate(wrongDob));
    const amoxId = `medications.${answer.medications.length - 1}.name`;

    const { result, usage } = await runWith(answer, { recheckFlagged: true }, () => ({
      items: [
        { id: 'patient.dateOfBirth', value: truth.patient.dateOfBirth!, evidence: summaryDate(truth.patient.dateOfBirth!) },
        // The model insists; verification still finds no such text.
        { id: amoxId, value: 'Amoxicillin 500mg capsules', evidence: 'Amoxicillin 500mg capsules' },
        // Not asked about: ignored.
        { id: 'patient.familyName', value: 'Nobody-Else', evidence: 'Nobody-Else' },
      ],
    }));

    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(2);
    const recheck = promptText(reqs[1]!);
    expect(chatBody(reqs[1]!).response_format?.json_schema?.name).toBe('scr_recheck');
    expect(recheck).toContain('id patient.dateOfBirth');
    expect(recheck).toContain(`id ${amoxId}`);
    expect(recheck.match(/- id /g)).toHaveLength(2);

    expect(result.record.patient.dateOfBirth).toBe(truth.patient.dateOfBirth);
    expect(result.record.patient.familyName).toBe(truth.patient.familyName);
    expect(result.provenance['patient.dateOfBirth']).toMatchObject({ extractor: 'ai', text: summaryDate(truth.patient.dateOfBirth!) });
    expect(JSON.stringify(result.record)).not.toContain('Amoxicillin');
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'medications', claimed: 'Amoxicillin 500mg capsules' })]);
    expect(usage.requests).toBe(2);
  });

  it('makes no second call when everything was found', async () => {
    await runWith(good, { recheckFlagged: true });
    expect(chatRequests(server)).toHaveLength(1);
  });
});
