import { APIError } from 'openai';
import type { z } from 'zod';
import { AppError } from '../../contract/errors';
import type { ExtractionResult } from '../../contract/extraction';
import type { ExtractorMode } from '../../contract/job';
import { ProviderConfigSchema, type ProviderConfig } from '../../contract/settings';
import type { DocumentText } from '../../contract/text';
import { buildDocumentView, type DocumentView, type ViewSection } from '../../layout/document-view';
import { log as rootLog, type Logger } from '../../log/logger';
import type { AiPlan, AiPort, AiStepResult } from '../../pipeline/ports';
import { ANSWER_JSON_SCHEMA, ANSWER_SCHEMA_NAME, AnswerSchema, type Answer } from './answer-schema';
import { mergeIntoRules } from './merge-results';
import { estimateTokens, UsageMeter } from '../../provider/prices';
import { documentMessage, EXTRACT_INSTRUCTIONS } from './prompts';
import { createProviderClient } from '../../provider/provider-client';
import { mapProviderError } from '../../provider/provider-errors';
import { recheckFlagged } from './recheck';
import { itemSection, sectionOfBoxes, sectionsText, selectForAi } from './section-plan';
import { askStructured, type ProviderCapability, type StructuredOutputMode } from '../../provider/structured-request';
import { buildTextIndex } from './text-index';
import { verifyAnswer, type VerifiedAnswer } from './verify-answer';
import { withFlags } from '../review-flags';

/**
 * The AI step as the engine drives it (main/core/pipeline/ports.ts): plan what to send
 * (section-plan.ts: the whole document in ai mode, what the rules flagged in auto mode),
 * extract with the model, ground every value in the whole document (verify-answer.ts),
 * merge with the rules field by field (merge-results.ts), then ask once more about only the
 * fields still flagged (recheck.ts). The key is held only by the SDK client inside this
 * closure. Errors are AppErrors; nothing here retries a failure: a cut-off answer is asked
 * for again in parts, and a bad one is repaired once (provider/structured-request.ts).
 */
export interface AiPortOptions {
  config: ProviderConfig | z.input<typeof ProviderConfigSchema>;
  key: string | null;
  /** Known from testConnection: a server without json_schema goes straight to the fallback. */
  structuredOutput?: StructuredOutputMode;
  logger?: Logger;
}

/** Auto mode's default cap on one document's estimated tokens (prompt and answer). */
export const DEFAULT_DOCUMENT_TOKEN_CAP = 16_000;
/** What the budget reserves for the second step of the chain, which sends only a few lines. */
const RECHECK_ALLOWANCE = 1_500;

export function createAiPort(opts: AiPortOptions): AiPort {
  const config = ProviderConfigSchema.parse(opts.config);
  const provider = createProviderClient(config, opts.key);
  const log = (opts.logger ?? rootLog).child({ scope: 'ai', provider: provider.id });
  const capability: ProviderCapability = { mode: opts.structuredOutput ?? 'json_schema', temperature: true };
  const fixedPromptChars = EXTRACT_INSTRUCTIONS.length + JSON.stringify(ANSWER_JSON_SCHEMA).length;

  const capTokens = config.maxDocumentTokens ?? DEFAULT_DOCUMENT_TOKEN_CAP;
  // Prompt, plus an allowance for the answer: each value comes back with its evidence,
  // which on the samples measured 1 to 2.5 times the tokens of the text sent (o200k).
  const estimate = (chars: number) => {
    const sent = estimateTokens(chars);
    return estimateTokens(fixedPromptChars) + sent + Math.ceil(sent * 2.5);
  };
  const select = (view: DocumentView, rules: ExtractionResult | null, mode: ExtractorMode) => selectForAi(view, rules, mode, { estimate, capTokens });

  const plan = (text: DocumentText, rules: ExtractionResult | null, mode: ExtractorMode): AiPlan | null => {
    const selection = select(buildDocumentView(text), rules, mode);
    if (!selection) return null;
    return {
      scope: selection.scope,
      sections: selection.scope === 'sections' ? [...new Set(selection.sections.map((s) => s.kind))] : [],
      estimatedTokens: estimate(selection.text.length) + (config.recheckFlagged ? RECHECK_ALLOWANCE : 0),
      mode,
    };
  };

  const run = async (text: DocumentText, rules: ExtractionResult | null, aiPlan: AiPlan, { signal }: { signal: AbortSignal }): Promise<AiStepResult> => {
    if (signal.aborted) throw new AppError('ERR_CANCELLED');
    const started = Date.now();
    const mode: ExtractorMode = aiPlan.mode ?? (aiPlan.scope === 'sections' || rules ? 'auto' : 'ai');
    const view = buildDocumentView(text);
    // Recomputed from the same inputs as the plan (plans carry kinds, not text).
    const selection = (aiPlan.scope === 'document' && mode === 'ai' ? null : select(view, rules, mode)) ?? select(view, null, 'ai')!;
    if (!selection.text.trim()) throw new AppError('ERR_NO_TEXT');
    // Values are checked against the whole document: the model may answer about text it was
    // not asked about, and a value counts wherever it is printed.
    const index = buildTextIndex(view.sections);
    const usage = new UsageMeter(provider.priceModel);
    const common = { provider, capability, signal, usage, log };

    const ask = (sections: ViewSection[], scope: 'document' | 'sections') =>
      askStructured({
        ...common,
        instructions: EXTRACT_INSTRUCTIONS,
        userMessage: documentMessage(sections === selection.sections ? selection.text : sectionsText(sections), scope),
        schemaName: ANSWER_SCHEMA_NAME,
        jsonSchema: ANSWER_JSON_SCHEMA,
        schema: AnswerSchema,
        purpose: 'extract',
      }) as Promise<Answer>;
    const answer = await askInParts(ask, selection.sections, selection.scope, log);
    const verified: VerifiedAnswer = verifyAnswer(answer, index, { sent: new Set(selection.sections) });
    let result: ExtractionResult =
      mode === 'ai' || !rules
        ? withFlags({
            record: verified.record,
            provenance: verified.provenance,
            confidence: verified.confidence,
            warnings: verified.warnings,
            extractor: 'ai',
            layout: rules?.layout ?? 'unknown',
            sections: rules?.sections ?? [],
          })
        : mergeIntoRules(
            rules,
            verified,
            selection,
            (list, item) => itemSection(view, rules, list, item),
            (boxes) => selection.sections.includes(sectionOfBoxes(view, boxes) as ViewSection),
          );
    if (selection.capped.length) result = withTokenCapWarnings(result, selection.capped);
    const flaggedFirst = result.flags.length;
    let second = { asked: 0, settled: 0 };
    if (config.recheckFlagged) {
      try {
        const look = await recheckFlagged(common, view, index, result);
        result = look.result;
        second = { asked: look.asked, settled: look.settled };
      } catch (err) {
        // An unusable second answer costs the second look, not the first reading: the
        // record stands as merged, its flags with it. Other failures go to the engine.
        if (!(err instanceof AppError && err.code === 'ERR_EXTRACTION')) throw err;
        log.warn('ai second look unusable; first reading kept', { reason: err.reason });
      }
    }
    log.info('ai extraction done', {
      mode,
      scope: selection.scope,
      sectionCount: selection.sections.length,
      chars: selection.text.length,
      kept: verified.kept,
      dropped: verified.dropped,
      flaggedFirst,
      flagged: result.flags.length,
      rechecked: second.asked,
      settled: second.settled,
      capped: selection.capped.length,
      requests: usage.requests,
      ms: Date.now() - started,
    });
    return { result, usage: usage.toTokenUsage() };
  };

  const probe = async ({ signal }: { signal: AbortSignal }): Promise<void> => {
    try {
      await provider.client.models.list({ signal });
    } catch (err) {
      // Any answer from the server other than an outage means it is back: a server
      // without a model list (404) is still up.
      if (err instanceof APIError && err.status !== undefined && err.status < 500 && ![401, 403, 408, 429].includes(err.status)) return;
      throw mapProviderError(err, signal);
    }
  };

  return { id: provider.id, plan, run, probe };
}

/** How many times a cut-off answer is asked for again in halves (so at most four parts). */
const SPLITS = 2;

/**
 * Asks for the record; when the server cuts the answer off at its token limit (a local model
 * with a short output limit, a long record), asks again for each half of the sections and
 * puts the answers together. A single section that is still cut off fails with the clear
 * 'output-truncated' error.
 */
async function askInParts(
  ask: (sections: ViewSection[], scope: 'document' | 'sections') => Promise<Answer>,
  sections: ViewSection[],
  scope: 'document' | 'sections',
  log: Logger,
  depth = 0,
): Promise<Answer> {
  try {
    return await ask(sections, scope);
  } catch (err) {
    if (!(err instanceof AppError && err.reason === 'output-truncated') || sections.length < 2 || depth >= SPLITS) throw err;
    log.info('ai answer cut off; asking in two parts', { sections: sections.length, depth });
    const half = splitPoint(sections);
    const first = await askInParts(ask, sections.slice(0, half), 'sections', log, depth + 1);
    const second = await askInParts(ask, sections.slice(half), 'sections', log, depth + 1);
    return joinAnswers(first, second);
  }
}

/** Where to cut a run of sections into two of about the same length. */
function splitPoint(sections: ViewSection[]): number {
  const sizes = sections.map((s) => sectionsText([s]).length);
  const total = sizes.reduce((a, b) => a + b, 0);
  let run = 0;
  for (let i = 0; i < sections.length - 1; i++) {
    run += sizes[i]!;
    if (run >= total / 2) return i + 1;
  }
  return sections.length - 1;
}

/** Two answers about different parts of one document, as one: each patient value from the first that gives it. */
function joinAnswers(a: Answer, b: Answer): Answer {
  const patient = { ...a.patient };
  for (const [k, v] of Object.entries(b.patient) as [keyof Answer['patient'], Answer['patient'][keyof Answer['patient']]][]) {
    if (patient[k]?.value === null || patient[k]?.value === undefined) patient[k] = v;
  }
  return { patient, allergies: [...a.allergies, ...b.allergies], medications: [...a.medications, ...b.medications], problems: [...a.problems, ...b.problems] };
}

/** Parts of the record the token cap kept from the model keep their flags, with the reason. */
function withTokenCapWarnings(result: ExtractionResult, capped: string[]): ExtractionResult {
  const { flags: _old, ...rest } = result;
  return withFlags({
    ...rest,
    warnings: [
      ...rest.warnings,
      ...capped.map((path) => ({
        code: 'ai-token-cap',
        message: "not sent to the AI service: this document's token cap was reached; check it against the document",
        path,
      })),
    ],
  });
}
