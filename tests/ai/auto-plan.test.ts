import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { ExtractionWarning } from '../../main/core/contract/text';
import { partOf } from '../../main/core/extract/ai/section-plan';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { withFlags } from '../../main/core/extract/review-flags';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { letterDoc, summaryDoc } from './helpers/docs';
import { chatRequests, openAiPort, promptText, signal } from './helpers/ports';

/**
 * Auto mode asks the model about what the rules flagged, and nothing else (issue 12),
 * written against the flags contract (issue 10): the rules results are constructed, each
 * carrying the flags a test is about.
 */
let server: FakeOpenAiServer;
const summary = summaryDoc();
const letter = letterDoc();

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  const oracle = new OracleModel({ noInvention: true });
  oracle.add({ id: 'summary', truth: summary.truth });
  oracle.add({ id: 'letter', truth: letter.truth });
  server.setHandler(oracle.respond);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function flagged(rules: ExtractionResult, warnings: ExtractionWarning[]): ExtractionResult {
  const { flags: _old, ...rest } = rules;
  return withFlags({ ...rest, warnings: [...rest.warnings, ...warnings] });
}
const flag = (path: string, code = 'low-confidence'): ExtractionWarning => ({ code, message: 'check it', path });

/** What auto mode sends for a result: the prompt's document text, or null when it makes no call. */
async function sent(doc: typeof summary, rules: ExtractionResult, extra: Parameters<typeof openAiPort>[1] = {}) {
  const port = openAiPort(server, extra);
  const plan = port.plan(doc.text, rules, 'auto');
  if (!plan) return null;
  const { result } = await port.run(doc.text, rules, plan, { signal: signal() });
  const prompt = promptText(chatRequests(server)[0]!);
  return { plan, result, prompt };
}

describe('what auto mode asks about', () => {
  it('names a record part for every flag path of the contract', () => {
    expect(partOf('patient')).toEqual({ kind: 'patient', field: null });
    expect(partOf('patient.sex')).toEqual({ kind: 'patient', field: 'sex' });
    expect(partOf('medications')).toEqual({ kind: 'list', list: 'medications', item: null, field: null });
    expect(partOf('repeat')).toEqual({ kind: 'list', list: 'medications', item: null, field: null });
    expect(partOf('medications.3')).toEqual({ kind: 'list', list: 'medications', item: 3, field: null });
    expect(partOf('problems.0.date')).toEqual({ kind: 'list', list: 'problems', item: 0, field: 'date' });
    expect(partOf('sections.other')).toBeNull();
  });

  it('makes no call for a record the rules read without a flag, with the patient identified', async () => {
    const rules = extractWithRules(summary.text);
    expect(rules.flags).toEqual([]);
    expect(await sent(summary, rules)).toBeNull();
    expect(chatRequests(server)).toHaveLength(0);
  });

  it('a section flag sends that section only', async () => {
    const s = (await sent(summary, flagged(extractWithRules(summary.text), [flag('problems', 'section-unread-text')])))!;
    expect(s.plan).toMatchObject({ scope: 'sections', sections: ['problems'] });
    expect(s.prompt).toContain('Essential hypertension');
    expect(s.prompt).not.toContain('Simvastatin');
    expect(s.prompt).not.toContain('999 886 5085');
  });

  it('an entry or field flag sends the section the entry is printed in', async () => {
    const item = (await sent(summary, flagged(extractWithRules(summary.text), [flag('medications.1', 'item-kind-doubtful')])))!;
    expect(item.prompt).toContain('Simvastatin');
    expect(item.prompt).not.toContain('Amoxicillin');
    server.requests.length = 0;
    const field = (await sent(summary, flagged(extractWithRules(summary.text), [flag('medications.0.date')])))!;
    expect(field.prompt).toContain('Amoxicillin');
    expect(field.prompt).not.toContain('Simvastatin');
  });

  it('a patient flag, or no patient identity, sends the banner', async () => {
    const s = (await sent(summary, flagged(extractWithRules(summary.text), [flag('patient', 'no-patient')])))!;
    expect(s.prompt).toContain('999 886 5085');
    expect(s.prompt).not.toContain('Essential hypertension');
  });

  it('a flag on a part the rules could not place sends the whole document', async () => {
    const rules = extractWithRules(letter.text);
    const emptied: ExtractionResult = flagged(
      { ...rules, record: { ...rules.record, problems: [] }, provenance: Object.fromEntries(Object.entries(rules.provenance).filter(([p]) => !p.startsWith('problems.'))) },
      [flag('problems', 'section-unread-text')],
    );
    const s = (await sent(letter, emptied))!;
    expect(s.plan.scope).toBe('document');
    expect(s.result.record.problems.map((p) => p.term)).toContain('Essential hypertension');
  });
});

describe('the token cap per document', () => {
  it('sends the most important flagged parts that fit, and leaves the rest flagged, saying why', async () => {
    const rules = flagged(extractWithRules(summary.text), [flag('patient', 'no-patient'), flag('problems', 'section-unread-text')]);
    const port = openAiPort(server);
    const uncapped = port.plan(summary.text, rules, 'auto')!;
    // Room for the banner (the most important flag), not for the problems as well.
    const capped = openAiPort(server, { maxDocumentTokens: uncapped.estimatedTokens - 60 });
    const plan = capped.plan(summary.text, rules, 'auto')!;
    expect(plan.estimatedTokens).toBeLessThan(uncapped.estimatedTokens);
    const { result } = await capped.run(summary.text, rules, plan, { signal: signal() });
    expect(promptText(chatRequests(server)[0]!)).not.toContain('Essential hypertension');
    expect(result.flags).toContainEqual(expect.objectContaining({ path: 'problems', code: 'ai-token-cap' }));
  });

  it('makes no call when nothing flagged fits under the cap', () => {
    const rules = flagged(extractWithRules(summary.text), [flag('problems', 'section-unread-text')]);
    expect(openAiPort(server, { maxDocumentTokens: 1000 }).plan(summary.text, rules, 'auto')).toBeNull();
  });
});

describe('modes', () => {
  it('rules mode never asks; ai mode sends the whole document whatever the flags', () => {
    const port = openAiPort(server);
    const rules = extractWithRules(summary.text);
    expect(port.plan(summary.text, rules, 'rules')).toBeNull();
    expect(port.plan(summary.text, rules, 'ai')).toMatchObject({ scope: 'document', sections: [] });
  });
});
