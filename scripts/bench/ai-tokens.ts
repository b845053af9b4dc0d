/**
 * npm run bench:ai — what the AI step costs per document, `ai` mode against `auto` mode,
 * on the shared samples and a narrative letter, through the real AI port, the real SDK and
 * real HTTP, against a loopback fake model that answers the ground truth (with evidence
 * copied from each document) about exactly the text it was sent.
 *
 * Printed per document and mode: model calls, prompt / completion / total tokens, and the
 * record's F1 against the truth. Tokens are counted by the fake server as characters / 4
 * over what really crossed the wire (messages plus the response-format schema, and the
 * answer JSON): an estimate, since the fake has no tokenizer. Costs use main/core/provider/prices.ts.
 * Options: --json (one JSON object per line instead of the table); --oracle runs the oracle
 * benchmark instead (scripts/bench/ai-oracle.ts: F1 per layout over the generated corpus).
 */
import type { ExtractorMode } from '../../main/core/contract/job';
import type { ScrRecord } from '../../main/core/contract/record';
import type { DocumentText } from '../../main/core/contract/text';
import { createAiPort } from '../../main/core/extract/ai/ai-port';
import { estimateCostUsd, estimateTokens } from '../../main/core/provider/prices';
import { extractWithRules } from '../../main/core/extract/rules/extract-record';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { letterPdf, LETTER_TRUTH } from '../../tests/ai/helpers/letter-pdf';
import { sampleIds, sampleText, sampleTruth } from '../../tests/ai/helpers/samples';
import { answerForPrompt, buildTruthAnswer, type TruthAnswer } from '../../tests/ai/helpers/truth-answer';
import { completion, startFakeOpenAiServer } from '../../tests/helpers/fake-openai-server';
import { prf, scoreRecord } from '../../tests/helpers/score';

interface Row {
  doc: string;
  mode: ExtractorMode;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  f1: number;
}

const MODEL = 'gpt-4o-mini';
const asJson = process.argv.includes('--json');

async function main(): Promise<void> {
  let current: TruthAnswer | null = null;
  const server = await startFakeOpenAiServer((req) => {
    const body = req.body as { messages: { content: string }[] };
    const prompt = body.messages.map((m) => m.content).join('\n');
    const answer = answerForPrompt(current!, prompt);
    return { body: completion(answer, { promptTokens: estimateTokens(req.rawBody.length), completionTokens: estimateTokens(JSON.stringify(answer).length) }) };
  });
  const port = createAiPort({ config: { kind: 'openai', model: MODEL, baseUrl: server.baseURL }, key: 'sk-bench-not-a-real-key' });

  const docs: { id: string; text: DocumentText; truth: ScrRecord }[] = [];
  for (const id of sampleIds()) docs.push({ id, text: await sampleText(id), truth: sampleTruth(id) });
  docs.push({ id: 'letter (prose)', text: await readDocumentText(await letterPdf(), { maxPages: 10 }), truth: LETTER_TRUTH });

  const rows: Row[] = [];
  for (const doc of docs) {
    current = buildTruthAnswer(doc.text, doc.truth);
    const rules = extractWithRules(doc.text);
    for (const mode of ['ai', 'auto'] as const) {
      const plan = port.plan(doc.text, rules, mode);
      const step = plan ? await port.run(doc.text, rules, plan, { signal: new AbortController().signal }) : null;
      const record = step ? step.result.record : rules.record;
      rows.push({
        doc: doc.id,
        mode,
        calls: step?.usage.requests ?? 0,
        promptTokens: step?.usage.promptTokens ?? 0,
        completionTokens: step?.usage.completionTokens ?? 0,
        totalTokens: step?.usage.totalTokens ?? 0,
        f1: prf(scoreRecord(doc.truth, record).score).f1,
      });
    }
  }
  await server.close();

  if (asJson) {
    for (const r of rows) console.log(JSON.stringify(r));
    return;
  }
  console.log(`AI step per document, ${MODEL} prices; tokens ≈ characters / 4 of what was sent and answered\n`);
  console.log(pad('document', 20) + pad('mode', 6) + pad('calls', 7, true) + pad('prompt', 9, true) + pad('compl.', 9, true) + pad('total', 9, true) + pad('F1', 7, true));
  for (const r of rows) {
    console.log(
      pad(r.doc, 20) + pad(r.mode, 6) + pad(String(r.calls), 7, true) + pad(String(r.promptTokens), 9, true) +
        pad(String(r.completionTokens), 9, true) + pad(String(r.totalTokens), 9, true) + pad(r.f1.toFixed(3), 7, true),
    );
  }
  console.log('');
  for (const mode of ['ai', 'auto'] as const) {
    const mine = rows.filter((r) => r.mode === mode);
    const sum = (k: keyof Row) => mine.reduce((a, r) => a + (r[k] as number), 0);
    const n = mine.length;
    const cost = estimateCostUsd(MODEL, sum('promptTokens'), sum('completionTokens')) ?? 0;
    console.log(
      `${pad(mode, 5)} ${n} documents: ${sum('calls')} model calls; per document ${Math.round(sum('promptTokens') / n)} prompt + ` +
        `${Math.round(sum('completionTokens') / n)} completion = ${Math.round(sum('totalTokens') / n)} tokens; ` +
        `mean F1 ${(sum('f1') / n).toFixed(3)}; ≈ $${(cost / n).toFixed(5)} per document`,
    );
  }
}

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) + ' ' : s.padEnd(width);
}

if (process.argv.includes('--oracle')) await import('./ai-oracle');
else await main();
