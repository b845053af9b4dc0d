import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { ExtractionWarning } from '../../main/core/contract/text';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { withFlags } from '../../main/core/extract/review-flags';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { summaryDoc } from './helpers/docs';
import { chatBody, chatRequests, openAiPort, promptText, signal } from './helpers/ports';

/**
 * The two-step chain (recheckFlagged): after the first reading and the merge, one request
 * about only the fields still flagged, carrying only the lines they are printed on. A
 * grounded answer settles its field; anything else leaves the field as it was.
 */
let server: FakeOpenAiServer;
const doc = summaryDoc();
const oracle = new OracleModel({ noInvention: true });
oracle.add({ id: 'summary', truth: doc.truth });

beforeAll(async () => {
  server = await startFakeOpenAiServer(oracle.respond);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.setHandler(oracle.respond);
});

function rulesWith(edit: (r: ExtractionResult) => void, warnings: ExtractionWarning[] = []): ExtractionResult {
  const r = structuredClone(extractWithRules(doc.text));
  edit(r);
  const { flags: _old, ...rest } = r;
  return withFlags({ ...rest, warnings: [...rest.warnings, ...warnings] });
}

async function auto(rules: ExtractionResult, recheckFlagged = true) {
  const port = openAiPort(server, { recheckFlagged });
  const { result, usage } = await port.run(doc.text, rules, port.plan(doc.text, rules, 'auto')!, { signal: signal() });
  return { result, usage, requests: chatRequests(server) };
}

/** The rules sure of a wrong quantity, unsure of another field in the same section (so the section is read). */
const disputed = () =>
  rulesWith((r) => (r.record.medications[1]!.quantity = '56 tablet'), [{ code: 'low-confidence', message: 'check', path: 'medications.2.dosage' }]);

describe('the second step', () => {
  it('without it, the disagreement stays flagged', async () => {
    const { result, requests } = await auto(disputed(), false);
    expect(requests).toHaveLength(1);
    expect(result.record.medications[1]!.quantity).toBe('56 tablet');
    expect(result.flags).toContainEqual(expect.objectContaining({ path: 'medications.1.quantity', code: 'extractors-disagree' }));
  });

  it('asks about only the flagged field, with its entry, its readings and only its lines, and settles it', async () => {
    const { result, usage, requests } = await auto(disputed());
    expect(requests).toHaveLength(2);
    expect(usage.requests).toBe(2);
    const second = promptText(requests[1]!);
    expect(chatBody(requests[1]!).response_format?.json_schema?.name).toBe('scr_recheck');
    expect(second.match(/^- id /gm)).toHaveLength(1);
    expect(second).toContain('- id q1: medications.1.quantity, entry "Simvastatin 40mg tablets"; readings so far: "56 tablet", "28 tablet"');
    // Only the lines around the entry, not the document.
    expect(second).toContain('Simvastatin 40mg tablets');
    expect(second).not.toContain('Essential hypertension');
    expect(second).not.toContain('999 886 5085');

    expect(result.record.medications[1]!.quantity).toBe('28 tablet');
    expect(result.provenance['medications.1.quantity']).toMatchObject({
      extractor: 'ai',
      merge: 'changed',
      alternative: { extractor: 'rules', value: '56 tablet' },
    });
    expect(result.flags).toEqual([]);
  });

  it('an answer that is not printed settles nothing', async () => {
    server.setHandler((req: RecordedRequest) =>
      chatBody(req).response_format?.json_schema?.name === 'scr_recheck'
        ? { body: completion({ items: [{ id: 'q1', value: '84 tablet', evidence: '84 tablet' }] }) }
        : oracle.respond(req),
    );
    const { result } = await auto(disputed());
    expect(result.record.medications[1]!.quantity).toBe('56 tablet');
    expect(result.flags).toContainEqual(expect.objectContaining({ path: 'medications.1.quantity', code: 'extractors-disagree' }));
  });

  it('makes no second request when nothing is left flagged', async () => {
    const rules = rulesWith((r) => (r.confidence['medications.1.dosage'] = 0.3));
    const { result, requests } = await auto(rules);
    expect(requests).toHaveLength(1);
    expect(result.flags).toEqual([]);
  });

  it('in ai mode, asks again about a value the first answer gave wrong, and keeps the grounded answer', async () => {
    server.setHandler((req: RecordedRequest) => {
      if (chatBody(req).response_format?.json_schema?.name === 'scr_recheck') return oracle.respond(req);
      const answer = JSON.parse((oracle.respond(req).body as { choices: { message: { content: string } }[] }).choices[0]!.message.content);
      answer.patient.dateOfBirth = { value: '1986-10-18', evidence: '18 Oct 1986' };
      return { body: completion(answer) };
    });
    const port = openAiPort(server, { recheckFlagged: true });
    const { result } = await port.run(doc.text, null, port.plan(doc.text, null, 'ai')!, { signal: signal() });
    expect(promptText(chatRequests(server)[1]!)).toContain('- id q1: patient.dateOfBirth; readings so far: "1986-10-18"; answer as a date as YYYY-MM-DD');
    expect(result.record.patient.dateOfBirth).toBe('1985-10-18');
    expect(result.provenance['patient.dateOfBirth']).toMatchObject({ extractor: 'ai', text: '18 Oct 1985' });
    expect(result.flags).toEqual([]);
  });
});
