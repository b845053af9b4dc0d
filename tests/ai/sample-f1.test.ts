import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocumentView } from '../../main/core/layout/document-view';
import { completion, startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { prf, scoreRecord } from '../helpers/score';
import { chatRequests, openAiPort, promptText, signal } from './helpers/ports';
import { sampleIds, sampleText, sampleTruth } from './helpers/samples';
import { buildTruthAnswer } from './helpers/truth-answer';

/**
 * The real sample PDFs, read with the real reader, in `ai` mode against a model that
 * answers the ground truth with evidence copied from each document: verification must keep
 * every correct value (F1 1.0, no warnings), and no request may carry page furniture.
 */
let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());

describe('ai mode on the samples with a correct model', () => {
  it.each(sampleIds())('%s: F1 1.0, every value grounded, no furniture sent', async (id) => {
    const text = await sampleText(id);
    const truth = sampleTruth(id);
    const truthAnswer = buildTruthAnswer(text, truth);
    expect(truthAnswer.unlocatable).toEqual([]);
    server.setHandler(() => ({ body: completion(truthAnswer.answer) }));
    server.requests.length = 0;
    const port = openAiPort(server);

    const { result } = await port.run(text, null, port.plan(text, null, 'ai')!, { signal: signal() });

    expect(scoreRecord(truth, result.record).misses).toEqual([]);
    expect(prf(scoreRecord(truth, result.record).score).f1).toBe(1);
    expect(result.warnings).toEqual([]);
    for (const [path, p] of Object.entries(result.provenance)) {
      expect(p.boxes.length, path).toBeGreaterThan(0);
      expect(p.extractor, path).toBe('ai');
    }
    const req = chatRequests(server)[0]!;
    expect(req.rawBody).not.toContain('%PDF-');
    const prompt = promptText(req);
    for (const line of buildDocumentView(text).furniture) expect(prompt).not.toContain(line.text);
  });
});
