import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrRecord } from '../../main/core/contract/record';
import { readPatientSummary } from '../../main/core/classify/classify';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { ensureCorpus, ensureExtCorpus, isRecordTruth, type GeneratedDoc } from '../fixtures/generator';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server';
import { OracleModel } from '../helpers/oracle/oracle-model';
import { prf, scoreRecord } from '../helpers/score';
import { openAiPort, signal } from './helpers/ports';

/**
 * The oracle benchmark's promise as a test (issue 12): in `ai` mode, against a model that
 * answers the truth in our schema, with evidence copied the ways models copy it, plus one
 * invented medicine per answer, our plumbing (prompt, schema, grounding, merge) keeps every
 * correct value and drops the invention: field F1 1.0 on every digital document of the
 * project's generated layouts, narrative letters and external-style families included.
 * (npm run bench:ai -- --oracle prints the figures, auto mode's too.)
 */
let server: FakeOpenAiServer;
const oracle = new OracleModel();
let docs: GeneratedDoc[] = [];

beforeAll(async () => {
  server = await startFakeOpenAiServer(oracle.respond);
  const corpus = await ensureCorpus();
  const ext = await ensureExtCorpus('dev');
  docs = [...corpus, ...ext].filter((d) => isRecordTruth(d.truth) && !d.layout.includes('damaged'));
}, 600_000);
afterAll(() => server.close());

describe('ai mode with a model that reads perfectly', () => {
  it('keeps every printed value and drops every invented one, in every layout', async () => {
    expect(new Set(docs.map((d) => d.layout)).size).toBeGreaterThanOrEqual(10);
    const port = openAiPort(server);
    const wrong: string[] = [];
    for (const d of docs) {
      const text = await readDocumentText(new Uint8Array(readFileSync(d.file)), { maxPages: 100 });
      const read = readPatientSummary(text);
      if (!read.classification.isScr || !read.result) continue;
      oracle.clear();
      oracle.add({ id: d.id, truth: d.truth as unknown as ScrRecord });
      const { result } = await port.run(text, read.result, port.plan(text, read.result, 'ai')!, { signal: signal() });
      const { score, misses } = scoreRecord(d.truth as unknown as ScrRecord, result.record);
      if (prf(score).f1 < 1) wrong.push(`${d.id} ${d.layout}: ${misses.map((m) => m.path).join(', ')}`);
      const invented = oracle.invented.get(d.id)!;
      expect(result.record.medications.map((m) => m.name), d.id).not.toContain(invented);
      const dropped = result.warnings.filter((w) => w.code === 'not-found-in-document' && w.claimed !== invented);
      expect(dropped, d.id).toEqual([]);
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});
