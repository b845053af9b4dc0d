import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerItem } from '../../main/core/extract/ai/answer-schema';
import type { DocumentText } from '../../main/core/contract/text';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server';
import { scoreRecord } from '../helpers/score';
import { chatBody, chatRequests, openAiPort, promptText, signal } from './helpers/ports';
import { sampleText, sampleTruth, type SampleTruth } from './helpers/samples';
import { buildTruthAnswer } from './helpers/truth-answer';

/**
 * Step 2, deterministic verification: what the model says is kept only where the document
 * prints it. The model here is right about everything except what each test plants.
 */
let server: FakeOpenAiServer;
let text: DocumentText;
let truth: SampleTruth;
let good: Answer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  text = await sampleText('doc001-gpsummary');
  truth = sampleTruth('doc001-gpsummary');
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
    answer.patient.dateOfBirth = field('1985-10-19', '18 Oct 1985');

    const { result } = await runWith(answer);

    expect(JSON.stringify(result.record)).not.toContain('Amoxicillin 500mg');
    expect(result.record.medications).toHaveLength(truth.medications.length);
    expect(result.record.patient.dateOfBirth).toBeNull();
    expect(result.provenance['patient.dateOfBirth']).toBeUndefined();
    expect(result.warnings).toEqual([
      { code: 'not-found-in-document', message: 'not found in document', path: 'patient.dateOfBirth', claimed: '1985-10-19' },
      { code: 'not-found-in-document', message: 'not found in document', path: 'medications', claimed: 'Amoxicillin 500mg capsules' },
    ]);
    // Everything else was right and is kept.
    const { score, misses } = scoreRecord(truth, result.record);
    expect(score.fp).toBe(0);
    expect(misses.map((m) => m.path)).toEqual(['patient.dateOfBirth']);
  });

  it('drops a date of birth whose evidence is not printed either', async () => {
    const answer = structuredClone(good);
    answer.patient.dateOfBirth = field('1985-10-19', '19 Oct 1985');
    const { result } = await runWith(answer);
    expect(result.record.patient.dateOfBirth).toBeNull();
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'patient.dateOfBirth', claimed: '1985-10-19' })]);
  });

  it('drops a date printed only against another entry', async () => {
    const answer = structuredClone(good);
    // Simvastatin was last issued 05 May 2025; 14 May 2025 is printed, but for Doxazosin.
    answer.medications[0]!.date = field('2025-05-14', '14 May 2025');
    const { result } = await runWith(answer);
    expect(result.record.medications[0]).toMatchObject({ name: 'Simvastatin 40mg tablets', date: null });
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'medications.0.date', claimed: '2025-05-14' })]);
  });

  it('does not accept a drug the patient is allergic to as a medication', async () => {
    const answer = structuredClone(good);
    answer.medications.push({ ...AMOXICILLIN, name: field('amoxicillin', 'H/O: amoxicillin allergy'), date: field(null), quantity: field(null), dosage: field(null) });
    const { result } = await runWith(answer);
    expect(result.record.medications.map((m) => m.name.toLowerCase())).not.toContain('amoxicillin');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'wrong-section', path: 'medications', claimed: 'amoxicillin' })]);
  });

  it('takes a medication category from the heading it is printed under', async () => {
    const answer = structuredClone(good);
    const metformin = answer.medications.findIndex((m) => m.name!.value === 'Metformin 500mg tablets');
    answer.medications[metformin]!.category = field('repeat', null);
    const { result } = await runWith(answer);
    expect(result.record.medications[metformin]!.category).toBe('discontinued');
    expect(result.provenance[`medications.${metformin}.category`]!.text).toMatch(/^Discontinued Repeat Medications/);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'category-from-heading', claimed: 'repeat' })]);
  });
});

describe('recheck of flagged items (recheckFlagged)', () => {
  it('asks again about the flagged items only, and verifies the answers the same way', async () => {
    const answer = structuredClone(good);
    answer.medications.push(AMOXICILLIN);
    answer.patient.dateOfBirth = field('1985-10-19', '19 Oct 1985');
    const amoxId = `medications.${answer.medications.length - 1}.name`;

    const { result, usage } = await runWith(answer, { recheckFlagged: true }, () => ({
      items: [
        { id: 'patient.dateOfBirth', value: '1985-10-18', evidence: '18 Oct 1985' },
        // The model insists; verification still finds no such text.
        { id: amoxId, value: 'Amoxicillin 500mg capsules', evidence: 'Amoxicillin 500mg capsules' },
        // Not asked about: ignored.
        { id: 'patient.familyName', value: 'Smith', evidence: 'Smith' },
      ],
    }));

    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(2);
    const recheck = promptText(reqs[1]!);
    expect(chatBody(reqs[1]!).response_format?.json_schema?.name).toBe('scr_recheck');
    expect(recheck).toContain('id patient.dateOfBirth');
    expect(recheck).toContain(`id ${amoxId}`);
    expect(recheck.match(/- id /g)).toHaveLength(2);

    expect(result.record.patient.dateOfBirth).toBe('1985-10-18');
    expect(result.record.patient.familyName).toBe('Okafor');
    expect(result.provenance['patient.dateOfBirth']).toMatchObject({ extractor: 'ai', text: '18 Oct 1985' });
    expect(JSON.stringify(result.record)).not.toContain('Amoxicillin');
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'medications', claimed: 'Amoxicillin 500mg capsules' })]);
    expect(usage.requests).toBe(2);
  });

  it('makes no second call when everything was found', async () => {
    await runWith(good, { recheckFlagged: true });
    expect(chatRequests(server)).toHaveLength(1);
  });
});
