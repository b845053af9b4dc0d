import { APIError } from 'openai';
import type { z } from 'zod';
import { AppError } from '../../contract/errors';
import type { ExtractionResult } from '../../contract/extraction';
import type { ExtractorMode } from '../../contract/job';
import { ProviderConfigSchema, type ProviderConfig } from '../../contract/settings';
import type { DocumentText } from '../../contract/text';
import { buildDocumentView, type DocumentView } from '../../layout/document-view';
import { log as rootLog, type Logger } from '../../log/logger';
import type { AiPlan, AiPort, AiStepResult } from '../../pipeline/ports';
import { ANSWER_JSON_SCHEMA, ANSWER_SCHEMA_NAME, AnswerSchema, type Answer } from './answer-schema';
import { mergeIntoRules } from './merge-results';
import { estimateTokens, UsageMeter } from '../../provider/prices';
import { documentMessage, EXTRACT_INSTRUCTIONS } from './prompts';
import { createProviderClient } from '../../provider/provider-client';
import { mapProviderError } from '../../provider/provider-errors';
import { recheckFlagged } from './recheck';
import { sectionsText, selectForAi, type AiSelection } from './section-plan';
import { askStructured, type ProviderCapability, type StructuredOutputMode } from '../../provider/structured-request';
import { buildTextIndex } from './text-index';
import { verifyAnswer, type VerifiedAnswer } from './verify-answer';
import { withFlags } from '../review-flags';

/**
 * The AI step as the engine drives it (main/core/pipeline/ports.ts): extract with the
 * model, verify every value against the text that was sent, optionally re-check what
 * failed, and merge with the rules. The key is held only by the SDK client inside this
 * closure. Errors are AppErrors; nothing here retries except the one repair round.
 */
export interface AiPortOptions {
  config: ProviderConfig | z.input<typeof ProviderConfigSchema>;
  key: string | null;
  /** Known from testConnection: a server without json_schema goes straight to the fallback. */
  structuredOutput?: StructuredOutputMode;
  logger?: Logger;
}

export function createAiPort(opts: AiPortOptions): AiPort {
  const config = ProviderConfigSchema.parse(opts.config);
  const provider = createProviderClient(config, opts.key);
  const log = (opts.logger ?? rootLog).child({ scope: 'ai', provider: provider.id });
  const capability: ProviderCapability = { mode: opts.structuredOutput ?? 'json_schema', temperature: true };
  const fixedPromptChars = EXTRACT_INSTRUCTIONS.length + JSON.stringify(ANSWER_JSON_SCHEMA).length;

  const plan = (text: DocumentText, rules: ExtractionResult | null, mode: ExtractorMode): AiPlan | null => {
    const selection = selectForAi(buildDocumentView(text), rules, mode);
    if (!selection) return null;
    const sentTokens = estimateTokens(selection.text.length);
    return {
      scope: selection.scope,
      sections: selection.scope === 'sections' ? [...new Set(selection.sections.map((s) => s.kind))] : [],
      // Prompt, plus an allowance for the answer: each value comes back with its evidence,
      // which on the samples measured 1 to 2.5 times the tokens of the text sent (o200k).
      estimatedTokens: estimateTokens(fixedPromptChars) + sentTokens + Math.ceil(sentTokens * 2.5),
      mode,
    };
  };

  const run = async (text: DocumentText, rules: ExtractionResult | null, aiPlan: AiPlan, { signal }: { signal: AbortSignal }): Promise<AiStepResult> => {
    if (signal.aborted) throw new AppError('ERR_CANCELLED');
    const started = Date.now();
    const mode: ExtractorMode = aiPlan.mode ?? (aiPlan.scope === 'sections' || rules ? 'auto' : 'ai');
    const view = buildDocumentView(text);
    const selection = selectionFor(view, rules, aiPlan, mode);
    if (!selection.text.trim()) throw new AppError('ERR_NO_TEXT');
    const index = buildTextIndex(selection.sections);
    const usage = new UsageMeter(provider.priceModel);
    const common = { provider, capability, signal, usage, log };

    const answer = (await askStructured({
      ...common,
      instructions: EXTRACT_INSTRUCTIONS,
      userMessage: documentMessage(selection.text, selection.scope),
      schemaName: ANSWER_SCHEMA_NAME,
      jsonSchema: ANSWER_JSON_SCHEMA,
      schema: AnswerSchema,
      purpose: 'extract',
    })) as Answer;
    let verified: VerifiedAnswer = verifyAnswer(answer, index);
    const flaggedFirst = verified.flagged.length;
    if (config.recheckFlagged && verified.flagged.length > 0) {
      const patched = await recheckFlagged(common, selection.text, selection.scope, answer, verified.flagged);
      verified = verifyAnswer(patched, index);
    }
    log.info('ai extraction done', {
      mode,
      scope: selection.scope,
      sectionCount: selection.sections.length,
      chars: selection.text.length,
      kept: verified.kept,
      dropped: verified.dropped,
      flaggedFirst,
      requests: usage.requests,
      ms: Date.now() - started,
    });
    const result: ExtractionResult =
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
        : mergeIntoRules(rules, verified, view, selection.sections);
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

/** The sections a plan asked about, recomputed from the same inputs (plans carry kinds, not text). */
function selectionFor(view: DocumentView, rules: ExtractionResult | null, aiPlan: AiPlan, mode: ExtractorMode): AiSelection {
  if (aiPlan.scope === 'document') return selectForAi(view, null, 'ai')!;
  const kinds = new Set(aiPlan.sections);
  const weak = selectForAi(view, rules, mode === 'rules' ? 'auto' : mode);
  let sections = (weak?.sections ?? []).filter((s) => kinds.has(s.kind));
  if (sections.length === 0) sections = view.sections.filter((s) => kinds.has(s.kind));
  return { scope: 'sections', sections, text: sectionsText(sections) };
}
