import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult, SectionKind } from '../../main/core/contract/extraction';
import type { DocumentText } from '../../main/core/contract/text';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { prf, scoreRecord } from '../helpers/score';
import { chatRequests, openAiPort, promptText, signal } from './helpers/ports';
import { letterPdf, LETTER_FOOTER, LETTER_TRUTH } from './helpers/letter-pdf';
import { richSummaryId, sampleIds, sampleText, sampleTruth, spacedNhs } from './helpers/samples';
import { answerForPrompt, buildTruthAnswer, type TruthAnswer } from './helpers/truth-answer';

/**
 * Modes. `auto` asks the model only about what the rules could not read with confidence,
 * and merges the answer into the rules result with per-value provenance.
 */
let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

/** A model that answers from the truth, about the sections it was sent only. */
function answerFromTruth(truth: TruthAnswer) {
  server.setHandler((req) => ({ body: completion(answerForPrompt(truth, promptText(req))) }));
}

/** The rules result as if the rules had failed on these sections (heading found, no rows read). */
function failedSections(rules: ExtractionResult, kinds: SectionKind[]): ExtractionResult {
  const lists = { allergies: 'allergies', problems: 'problems' } as Record<string, 'allergies' | 'problems'>;
  const out = structuredClone(rules);
  for (const kind of kinds) {
    const list = lists[kind];
    if (!list) throw new Error(`failedSections handles allergies and problems, not ${kind}`);
    out.record[list] = [];
    for (const path of Object.keys(out.provenance)) if (path.startsWith(`${list}.`)) delete out.provenance[path];
    for (const path of Object.keys(out.confidence)) if (path.startsWith(`${list}.`)) delete out.confidence[path];
  }
  out.sections = out.sections.map((s) => (kinds.includes(s.kind) && !s.statedEmpty ? { ...s, rows: 0, confidence: 0 } : s));
  return out;
}

describe('mode selection', () => {
  it('rules mode never asks the model; ai mode sends the whole document', async () => {
    const text = await sampleText('doc002-ncrs');
    const port = openAiPort(server);
    expect(port.plan(text, extractWithRules(text), 'rules')).toBeNull();
    expect(port.plan(text, null, 'rules')).toBeNull();
    const plan = port.plan(text, extractWithRules(text), 'ai')!;
    expect(plan).toMatchObject({ scope: 'document', sections: [] });
    expect(plan.estimatedTokens).toBeGreaterThan(500);
  });

  it('auto mode makes 0 model calls on the tabular samples when the rules read everything with confidence', async () => {
    const port = openAiPort(server);
    const asked: string[] = [];
    for (const id of sampleIds()) {
      const text = await sampleText(id);
      const rules = extractWithRules(text);
      const plan = port.plan(text, rules, 'auto');
      if (plan) {
        asked.push(`${id}: ${plan.scope} ${plan.sections.join(',')}`);
        await port.run(text, rules, plan, { signal: signal() }).catch(() => undefined);
      }
    }
    expect(asked).toEqual([]);
    expect(chatRequests(server)).toHaveLength(0);
  });
});

describe('auto mode on sections the rules could not read', () => {
  let text: DocumentText;
  let rules: ExtractionResult;
  let truthAnswer: TruthAnswer;
  const id = richSummaryId();
  const truth = sampleTruth(id);
  const p = truth.patient;
  const firstOf = (category: string) => truth.medications.find((m) => m.category === category)!.name;

  beforeAll(async () => {
    text = await sampleText(id);
    rules = extractWithRules(text);
    truthAnswer = buildTruthAnswer(text, truth);
  });

  it('sends only the unparsed sections, and merges the answer with per-value provenance', async () => {
    answerFromTruth(truthAnswer);
    const weak = failedSections(rules, ['problems']);
    const port = openAiPort(server);
    const plan = port.plan(text, weak, 'auto')!;
    expect(plan).toMatchObject({ scope: 'sections', sections: ['problems'] });

    const { result, usage } = await port.run(text, weak, plan, { signal: signal() });

    const reqs = chatRequests(server);
    expect(reqs).toHaveLength(1);
    const prompt = promptText(reqs[0]!);
    // Both problem sections, headings included ...
    expect(prompt).toContain('Diagnoses');
    expect(prompt).toContain('Problems and Issues');
    expect(prompt).toContain(truth.problems[0]!.term);
    expect(prompt).toContain(truth.problems.at(-1)!.term);
    // ... and nothing else: not the banner, allergies or medications, nor the furniture.
    for (const absent of [p.familyName!.toUpperCase(), spacedNhs(p.nhsNumber!), truth.allergies[0]!.description, firstOf('repeat'), firstOf('discontinued'), 'Risks to Patient', 'http://']) {
      expect(prompt).not.toContain(absent);
    }
    expect(prompt).not.toMatch(/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/);
    expect(reqs[0]!.rawBody).not.toContain('%PDF-');

    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(result.extractor).toBe('auto');
    expect(result.provenance['problems.0.term']!.extractor).toBe('ai');
    expect(result.provenance['medications.0.name']!.extractor).toBe('rules');
    expect(result.provenance['patient.nhsNumber']!.extractor).toBe('rules');
    for (const [path, p] of Object.entries(result.provenance)) {
      expect(p.extractor, path).toBe(path.startsWith('problems.') ? 'ai' : 'rules');
    }
    expect(usage.requests).toBe(1);
  });

  it('sends the patient banner when the rules could not find who the patient is', async () => {
    answerFromTruth(truthAnswer);
    const noNhs = structuredClone(rules);
    noNhs.record.patient.nhsNumber = null;
    delete noNhs.provenance['patient.nhsNumber'];
    const port = openAiPort(server);
    const plan = port.plan(text, noNhs, 'auto')!;
    expect(plan.scope).toBe('sections');

    const { result } = await port.run(text, noNhs, plan, { signal: signal() });
    const prompt = promptText(chatRequests(server)[0]!);
    expect(prompt).toContain(spacedNhs(p.nhsNumber!));
    expect(prompt).not.toContain(firstOf('repeat'));
    expect(prompt).not.toContain(truth.problems[0]!.term);
    expect(result.record.patient.nhsNumber).toBe(p.nhsNumber);
    expect(result.provenance['patient.nhsNumber']!.extractor).toBe('ai');
    expect(result.provenance['patient.familyName']!.extractor).toBe('rules');
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
  });

  it('keeps what the rules read of the patient and flags where the model read it differently', async () => {
    answerFromTruth(truthAnswer);
    const misread = structuredClone(rules);
    misread.record.patient.nhsNumber = null;
    misread.record.patient.givenName = 'Zoltan';
    const port = openAiPort(server);
    const { result } = await port.run(text, misread, port.plan(text, misread, 'auto')!, { signal: signal() });
    expect(result.record.patient.givenName).toBe('Zoltan');
    expect(result.record.patient.nhsNumber).toBe(p.nhsNumber);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'extractors-disagree', path: 'patient.givenName', claimed: p.givenName }));
  });

  it('replaces what the rules read of a low-confidence section with the model’s verified entries', async () => {
    answerFromTruth(truthAnswer);
    const shaky = structuredClone(rules);
    // The rules read the repeat section but were unsure, and got one name wrong.
    shaky.sections = shaky.sections.map((s) => (s.kind === 'repeat' ? { ...s, confidence: 0.4 } : s));
    const repeat = shaky.record.medications.findIndex((m) => m.name === firstOf('repeat'));
    shaky.record.medications[repeat]!.name = firstOf('repeat').split(' ').slice(0, -1).join(' ');
    const port = openAiPort(server);
    const plan = port.plan(text, shaky, 'auto')!;
    expect(plan).toMatchObject({ scope: 'sections', sections: ['repeat'] });

    const { result } = await port.run(text, shaky, plan, { signal: signal() });
    const prompt = promptText(chatRequests(server)[0]!);
    expect(prompt).toContain('Current Repeat Medications');
    expect(prompt).not.toContain('Discontinued Repeat Medications');

    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(result.record.medications).toHaveLength(truth.medications.length);
    result.record.medications.forEach((m, i) => {
      expect(result.provenance[`medications.${i}.name`]!.extractor, m.name).toBe(m.category === 'repeat' ? 'ai' : 'rules');
    });
  });
});

describe('narrative letters', () => {
  it('auto mode sends an unknown layout whole, and reaches the same F1 as ai mode: nothing invented', async () => {
    const text = await readDocumentText(await letterPdf(), { maxPages: 10 });
    const rules = extractWithRules(text);
    answerFromTruth(buildTruthAnswer(text, LETTER_TRUTH));
    const port = openAiPort(server);

    const f1: Record<string, number> = {};
    for (const mode of ['ai', 'auto'] as const) {
      server.requests.length = 0;
      const plan = port.plan(text, rules, mode)!;
      expect(plan.scope).toBe('document');
      const { result } = await port.run(text, rules, plan, { signal: signal() });
      f1[mode] = prf(scoreRecord(LETTER_TRUTH, result.record).score).f1;
      expect(result.record.medications.every((m) => m.quantity === null)).toBe(true);
      expect(result.warnings.filter((w) => w.code === 'not-found-in-document')).toEqual([]);
      const prompt = promptText(chatRequests(server)[0]!);
      expect(prompt).toContain('lanso-\nprazole 30mg capsules');
      expect(prompt).not.toContain(LETTER_FOOTER);
    }
    expect(f1).toEqual({ ai: 1, auto: 1 });
  });

  it('drops a quantity the letter does not print', async () => {
    const text = await readDocumentText(await letterPdf(), { maxPages: 10 });
    const truthAnswer = buildTruthAnswer(text, LETTER_TRUTH);
    const invented = structuredClone(truthAnswer.answer);
    invented.medications[0]!.quantity = { value: '56 tablet', evidence: '56 tablet' };
    server.setHandler(() => ({ body: completion(invented) }));
    const port = openAiPort(server);
    const { result } = await port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });
    expect(result.record.medications[0]!.quantity).toBeNull();
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'medications.0.quantity', claimed: '56 tablet' })]);
  });
});
