/**
 * npm run bench:ai -- --oracle — our AI plumbing (prompt, schema, grounding, merge) measured
 * with the model taken out of the question: the real AI port, the real SDK and real HTTP,
 * against a loopback server (tests/helpers/oracle) that reads the document text each
 * request carries and answers every truth value printed there, in our schema, with
 * evidence copied the ways models copy it, plus one invented medicine per answer.
 *
 * Documents: the project's generated corpus (tests/fixtures/generator: structured layouts
 * and, from a second corpus of letters only, narrative letters), its external-style families
 * (designed the way other authors design documents; the development set, or with --set
 * heldout|both the held-out one, marked *), ../shared/samples/scr and
 * ../shared/samples/external where present (said when skipped). Scanned documents are left
 * out: the targets are for digital documents.
 *
 * Printed: field F1 per layout in rules, ai and auto mode, and in auto mode over rules whose
 * flags are exactly right ('auto*': what auto mode makes of honest flags, apart from how
 * honest today's rules are); model calls and tokens per
 * document; flags per document; values dropped as "not found" although the oracle gave them
 * from the text (must be 0); invented medicines kept (must be 0).
 *
 * Options: --seed N (default 2026) --count N (default 80) --letters N (default 20)
 *          --set dev|heldout|both|none (external-style families) --no-shared --chain (also run with the verification step off and on, and compare)
 *          --json (one line per document and mode) --verbose (list each drop and miss)
 *          --only REGEX (documents whose id or layout matches) --misses ai|auto|all (with --verbose: wrong fields)
 * Tokens are characters / 4 of what crossed the wire (the fake has no tokenizer).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPatientSummary } from '../../main/core/classify/classify';
import type { ExtractionResult } from '../../main/core/contract/extraction';
import type { ExtractorMode } from '../../main/core/contract/job';
import { ProviderConfigSchema } from '../../main/core/contract/settings';
import type { ScrRecord } from '../../main/core/contract/record';
import type { DocumentText } from '../../main/core/contract/text';
import { createAiPort } from '../../main/core/extract/ai/ai-port';
import { readDocumentText } from '../../main/core/pdf/read-text';
import { ensureCorpus, ensureExtCorpus, isRecordTruth, type DesignSet } from '../../tests/fixtures/generator';
import { startFakeOpenAiServer } from '../../tests/helpers/fake-openai-server';
import { OracleModel } from '../../tests/helpers/oracle/oracle-model';
import { withTruthFlags } from '../../tests/helpers/oracle/truth-flags';
import { addScores, prf, scoreRecord, type Score } from '../../tests/helpers/score';

interface Doc {
  id: string;
  group: string;
  layout: string;
  file: string;
  truth: ScrRecord;
}

interface Row {
  doc: string;
  group: string;
  layout: string;
  /** 'auto*': auto mode over a rules result whose flags are exactly right (truth-flags.ts). */
  mode: ExtractorMode | 'rules' | 'auto*';
  chain: boolean;
  score: Score;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  flags: number;
  droppedPrinted: number;
  inventedKept: number;
  refused: boolean;
  /** Flag codes with counts. */
  flagCodes: Record<string, number>;
}

function codesOf(result: ExtractionResult | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of result?.flags ?? []) out[f.code] = (out[f.code] ?? 0) + 1;
  return out;
}

const argv = process.argv.slice(2);
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const SEED = num('--seed', 2026);
const COUNT = num('--count', 80);
const LETTERS = num('--letters', 20);
const SHARED = !argv.includes('--no-shared');
const SET_ARG = argv.includes('--set') ? argv[argv.indexOf('--set') + 1]! : 'dev';
const EXT_SETS: DesignSet[] = SET_ARG === 'both' ? ['dev', 'heldout'] : SET_ARG === 'none' ? [] : [SET_ARG as DesignSet];
const CHAIN = argv.includes('--chain');
const JSON_OUT = argv.includes('--json');
const VERBOSE = argv.includes('--verbose');
const MISSES = argv.includes('--misses') ? argv[argv.indexOf('--misses') + 1] : null;
const ONLY = argv.includes('--only') ? new RegExp(argv[argv.indexOf('--only') + 1]!) : null;

const MODES = ['ai', 'auto', 'auto*'] as const;
/** Documents whose text layer is damaged on purpose (a broken font): not digital text, left out of 'ALL digital'. */
const DAMAGED = /damaged/;
const SHARED_ROOT = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));
const DROP_CODES = /^(not-found|wrong-section)/;

async function loadDocs(): Promise<Doc[]> {
  const docs: Doc[] = [];
  const corpus = await ensureCorpus({ seed: SEED, count: COUNT });
  for (const d of corpus) {
    if (isRecordTruth(d.truth) && !d.features.includes('narrative')) docs.push({ id: d.id, group: 'generated', layout: d.layout, file: d.file, truth: d.truth });
  }
  for (const set of EXT_SETS) {
    for (const d of await ensureExtCorpus(set)) {
      if (isRecordTruth(d.truth)) docs.push({ id: `${set}-${d.id}`, group: `ext-${set}`, layout: `ext:${d.layout}${set === 'heldout' ? '*' : ''}`, file: d.file, truth: d.truth });
    }
  }
  const letters = LETTERS > 0 ? await ensureCorpus({ seed: SEED, count: LETTERS, kinds: ['letter'] }) : [];
  for (const d of [...corpus.filter((x) => x.features.includes('narrative')), ...letters]) {
    if (isRecordTruth(d.truth)) docs.push({ id: `${d.id}${letters.includes(d) ? 'L' : ''}`, group: 'generated', layout: 'letter', file: d.file, truth: d.truth });
  }
  for (const folder of ['scr', 'external']) {
    const dir = join(SHARED_ROOT, folder);
    if (!SHARED || !existsSync(dir)) {
      console.error(`bench:ai --oracle: ../shared/samples/${folder} ${SHARED ? 'not present' : 'left out (--no-shared)'}; skipped`);
      continue;
    }
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.pdf')).sort()) {
      const truth = JSON.parse(readFileSync(join(dir, f.replace(/\.pdf$/, '.truth.json')), 'utf8')) as { kind: string; layout?: string } & ScrRecord;
      if (truth.kind !== 'scr') continue;
      const layout = folder === 'scr' ? `samples:${truth.layout}` : 'external';
      docs.push({ id: f.replace(/\.pdf$/, ''), group: folder, layout, file: join(dir, f), truth });
    }
  }
  return docs;
}

function countDropped(result: ExtractionResult, invented: string | undefined): { printed: number; detail: string[] } {
  const detail: string[] = [];
  for (const w of result.warnings) {
    if (!DROP_CODES.test(w.code) || w.claimed === undefined) continue;
    if (invented && w.claimed === invented) continue;
    // Fields of the invented entry are dropped with it, under the list's path.
    if (invented && w.path && /^medications$/.test(w.path) && w.claimed === invented) continue;
    detail.push(`${w.path ?? '?'} ${w.code}${VERBOSE ? ` ${JSON.stringify(w.claimed)}` : ''}`);
  }
  return { printed: detail.length, detail };
}

async function main(): Promise<void> {
  const docs = (await loadDocs()).filter((d) => !ONLY || ONLY.test(d.id) || ONLY.test(d.layout));
  const oracle = new OracleModel();
  const server = await startFakeOpenAiServer(oracle.respond);
  const ports = {
    plain: createAiPort({ config: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL, recheckFlagged: false }, key: 'sk-bench-not-a-real-key' }),
    chain: createAiPort({ config: { kind: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL, recheckFlagged: true }, key: 'sk-bench-not-a-real-key' }),
  };
  const variants: { chain: boolean }[] = CHAIN ? [{ chain: false }, { chain: true }] : [{ chain: defaultChain() }];
  const rows: Row[] = [];
  const drops: string[] = [];

  for (const doc of docs) {
    const text: DocumentText = await readDocumentText(new Uint8Array(readFileSync(doc.file)), { maxPages: 100 });
    // As the engine's CPU worker decides: a patient summary, read by the rules, or refused.
    const read = readPatientSummary(text);
    const rules = read.classification.isScr && !read.classification.noText ? read.result : null;
    oracle.clear();
    oracle.add({ id: doc.id, truth: doc.truth });
    const base = { doc: doc.id, group: doc.group, layout: doc.layout };
    rows.push({ ...base, mode: 'rules', chain: false, score: scoreRecord(doc.truth, rules?.record ?? null).score, calls: 0, promptTokens: 0, completionTokens: 0, flags: rules?.flags.length ?? 0, droppedPrinted: 0, inventedKept: 0, refused: !rules, flagCodes: codesOf(rules) });
    for (const { chain } of variants) {
      const port = chain ? ports.chain : ports.plain;
      for (const mode of MODES) {
        const input = rules && mode === 'auto*' ? withTruthFlags(rules, doc.truth) : rules;
        let result: ExtractionResult | null = input;
        let calls = 0;
        let promptTokens = 0;
        let completionTokens = 0;
        let refused = !rules;
        if (rules) {
          const plan = port.plan(text, input, mode === 'auto*' ? 'auto' : mode);
          if (plan) {
            try {
              const step = await port.run(text, input, plan, { signal: new AbortController().signal });
              result = step.result;
              calls = step.usage.requests;
              promptTokens = step.usage.promptTokens;
              completionTokens = step.usage.completionTokens;
            } catch (err) {
              refused = true;
              result = null;
              drops.push(`${doc.id} ${mode}: failed ${(err as { code?: string }).code ?? (err as Error).message}`);
            }
          }
        }
        const invented = oracle.invented.get(doc.id);
        if (VERBOSE && (MISSES === 'all' || MISSES === mode)) {
          for (const miss of scoreRecord(doc.truth, result?.record ?? null).misses) {
            drops.push(`${doc.id} ${mode}${chain ? '+chain' : ''}: miss ${miss.path} expected ${JSON.stringify(miss.expected)} got ${JSON.stringify(miss.got)}`);
          }
        }
        const dropped = result && calls > 0 ? countDropped(result, invented) : { printed: 0, detail: [] };
        for (const d of dropped.detail) drops.push(`${doc.id} ${mode}${chain ? '+chain' : ''}: ${d}`);
        const inventedKept = invented && result ? result.record.medications.filter((m) => m.name.toLowerCase() === invented.toLowerCase()).length : 0;
        rows.push({
          ...base,
          mode,
          chain,
          score: scoreRecord(doc.truth, result?.record ?? null).score,
          calls,
          promptTokens,
          completionTokens,
          flags: result?.flags.length ?? 0,
          droppedPrinted: dropped.printed,
          inventedKept,
          refused,
          flagCodes: codesOf(result),
        });
      }
    }
  }
  await server.close();

  if (JSON_OUT) {
    for (const r of rows) console.log(JSON.stringify({ ...r, f1: prf(r.score).f1 }));
    return;
  }
  report(rows, variants.map((v) => v.chain));
  if (drops.length) {
    console.log(`\nDropped or failed (${drops.length}):`);
    for (const d of drops.slice(0, VERBOSE ? drops.length : 40)) console.log(`  ${d}`);
  }
}

/** Whether the provider settings' default runs the second step (ProviderConfigSchema). */
function defaultChain(): boolean {
  return ProviderConfigSchema.parse({ kind: 'openai' }).recheckFlagged;
}

function pad(s: string | number, w: number, right = true): string {
  const t = String(s);
  return right ? t.padStart(w) : t.padEnd(w);
}

function report(rows: Row[], chains: boolean[]): void {
  const layouts = [...new Set(rows.map((r) => r.layout))];
  const modes: { mode: Row['mode']; chain: boolean; label: string }[] = [{ mode: 'rules', chain: false, label: 'rules' }];
  for (const chain of chains) for (const mode of MODES) modes.push({ mode, chain, label: chains.length > 1 ? `${mode}${chain ? '+chain' : ''}` : mode });

  console.log(`Oracle benchmark: seed ${SEED}, ${rows.filter((r) => r.mode === 'rules').length} documents; tokens ≈ characters / 4\n`);
  console.log('Field F1 per layout');
  console.log(pad('layout', 22, false) + pad('docs', 5) + modes.map((m) => pad(m.label, 12)).join(''));
  const all = (pick: (r: Row) => boolean) => rows.filter(pick);
  for (const layout of [...layouts, 'ALL digital']) {
    const inLayout = (r: Row) => (layout === 'ALL digital' ? !DAMAGED.test(r.layout) : r.layout === layout);
    const n = all((r) => inLayout(r) && r.mode === 'rules').length;
    const cells = modes.map((m) => {
      const s = all((r) => inLayout(r) && r.mode === m.mode && r.chain === m.chain).reduce((a, r) => addScores(a, r.score), { tp: 0, fp: 0, fn: 0 });
      return pad(prf(s).f1.toFixed(4), 12);
    });
    console.log(pad(layout, 22, false) + pad(n, 5) + cells.join(''));
  }

  console.log('\nPer document, by mode');
  console.log(pad('layout', 22, false) + pad('mode', 12, false) + pad('calls/doc', 10) + pad('max', 5) + pad('tokens/doc', 11) + pad('prompt', 9) + pad('compl.', 9) + pad('flags/doc', 10) + pad('0-call docs', 12));
  for (const layout of [...layouts, 'ALL digital']) {
    for (const m of modes.slice(1)) {
      const mine = all((r) => (layout === 'ALL digital' ? !DAMAGED.test(r.layout) : r.layout === layout) && r.mode === m.mode && r.chain === m.chain);
      const n = mine.length || 1;
      const sum = (k: 'calls' | 'promptTokens' | 'completionTokens' | 'flags') => mine.reduce((a, r) => a + r[k], 0);
      console.log(
        pad(layout, 22, false) + pad(m.label, 12, false) + pad((sum('calls') / n).toFixed(2), 10) + pad(Math.max(0, ...mine.map((r) => r.calls)), 5) +
          pad(Math.round((sum('promptTokens') + sum('completionTokens')) / n), 11) + pad(Math.round(sum('promptTokens') / n), 9) +
          pad(Math.round(sum('completionTokens') / n), 9) + pad((sum('flags') / n).toFixed(1), 10) + pad(mine.filter((r) => r.calls === 0).length, 12),
      );
    }
    const rulesRows = all((r) => (layout === 'ALL digital' ? !DAMAGED.test(r.layout) : r.layout === layout) && r.mode === 'rules');
    console.log(pad(layout, 22, false) + pad('rules', 12, false) + pad('', 10) + pad('', 5) + pad('', 11) + pad('', 9) + pad('', 9) + pad((rulesRows.reduce((a, r) => a + r.flags, 0) / (rulesRows.length || 1)).toFixed(1), 10));
  }

  console.log('');
  for (const m of modes.slice(1)) {
    const mine = all((r) => r.mode === m.mode && r.chain === m.chain);
    const dropped = mine.reduce((a, r) => a + r.droppedPrinted, 0);
    const kept = mine.reduce((a, r) => a + r.inventedKept, 0);
    const refused = mine.filter((r) => r.refused).length;
    console.log(`${pad(m.label, 10, false)} values dropped as "not found" although printed: ${dropped}; invented medicine kept: ${kept}; documents failed or refused: ${refused}`);
  }
  console.log('\nFlags by code');
  for (const m of modes) {
    const total: Record<string, number> = {};
    for (const r of all((x) => x.mode === m.mode && x.chain === m.chain)) for (const [c, n] of Object.entries(r.flagCodes)) total[c] = (total[c] ?? 0) + n;
    console.log(`  ${pad(m.label, 10, false)} ${Object.entries(total).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
  }
  // The issue's targets, side by side.
  console.log('\nTargets');
  for (const chain of chains) {
    const tag = chains.length > 1 ? (chain ? ' (+chain)' : ' (no chain)') : '';
    const digital = layouts.filter((l) => !DAMAGED.test(l));
    const f1Of = (mode: Row['mode'], pick: (r: Row) => boolean) =>
      prf(all((r) => r.mode === mode && r.chain === chain && pick(r)).reduce((a, r) => addScores(a, r.score), { tp: 0, fp: 0, fn: 0 })).f1;
    const worst = digital.map((l) => ({ l, f: f1Of('ai', (r) => r.layout === l) })).sort((a, b) => a.f - b.f)[0];
    console.log(`  ai mode${tag}: lowest layout F1 ${worst ? `${worst.f.toFixed(4)} (${worst.l})` : 'n/a'} (target ≥ 0.99 in every layout)`);
    for (const mode of ['auto', 'auto*'] as const) {
      const letters = all((r) => r.mode === mode && r.chain === chain && r.layout === 'letter');
      const calls = letters.reduce((a, r) => a + r.calls, 0) / (letters.length || 1);
      console.log(`  ${mode}${tag}: letters F1 ${f1Of(mode, (r) => r.layout === 'letter').toFixed(4)} (≥ 0.97), ${calls.toFixed(2)} calls per letter (≤ 1.5)`);
    }
    const clean = new Set(all((r) => r.mode === 'rules' && r.flags === 0 && !r.refused && r.layout !== 'letter').map((r) => r.doc));
    const cleanCalls = all((r) => r.mode === 'auto' && r.chain === chain && clean.has(r.doc)).reduce((a, r) => a + r.calls, 0);
    console.log(`  auto${tag}: ${cleanCalls} calls over the ${clean.size} non-letter documents the rules read without a flag (target 0)`);
  }
  const kept = all((r) => r.mode !== 'rules').reduce((a, r) => a + r.inventedKept, 0);
  console.log(`  invented medicine kept: ${kept} (target 0)`);

  if (chains.length > 1) {
    for (const mode of MODES) {
      const off = all((r) => r.mode === mode && !r.chain && !DAMAGED.test(r.layout));
      const on = all((r) => r.mode === mode && r.chain && !DAMAGED.test(r.layout));
      const f = (rs: Row[]) => prf(rs.reduce((a, r) => addScores(a, r.score), { tp: 0, fp: 0, fn: 0 })).f1;
      const tokens = (rs: Row[]) => rs.reduce((a, r) => a + r.promptTokens + r.completionTokens, 0);
      const flags = (rs: Row[]) => rs.reduce((a, r) => a + r.flags, 0);
      const extra = tokens(on) - tokens(off);
      console.log(
        `two-step chain, ${mode} (digital): F1 ${f(off).toFixed(4)} → ${f(on).toFixed(4)}; flags ${flags(off)} → ${flags(on)}; ` +
          `calls/doc ${(off.reduce((a, r) => a + r.calls, 0) / (off.length || 1)).toFixed(2)} → ${(on.reduce((a, r) => a + r.calls, 0) / (on.length || 1)).toFixed(2)}; ` +
          `extra tokens ${extra} (${(extra / (off.length || 1)).toFixed(0)}/doc, +${((extra / (tokens(off) || 1)) * 100).toFixed(1)}%); ` +
          `per 1,000 extra tokens: F1 +${(((f(on) - f(off)) * 1000) / (extra || 1)).toFixed(5)}, flags −${(((flags(off) - flags(on)) * 1000) / (extra || 1)).toFixed(2)}`,
      );
    }
  }
}

await main();
