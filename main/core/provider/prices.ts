import type { TokenUsage } from '../contract/job';

/**
 * US dollars per million tokens, from OpenAI's public price list (standard tier), checked
 * 2025. The one place to update when prices change. Azure OpenAI bills the model behind
 * the deployment at about the same rates, so its estimate uses the configured model name.
 * Local servers cost nothing per token and get no estimate.
 */
export const PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
};

/** The price entry for a model name, allowing dated snapshots ('gpt-4o-mini-2024-07-18'). */
export function priceFor(model: string): { input: number; output: number } | null {
  const name = model.trim().toLowerCase();
  if (PRICES_PER_MILLION[name]) return PRICES_PER_MILLION[name]!;
  const base = Object.keys(PRICES_PER_MILLION)
    .filter((k) => name.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return base ? PRICES_PER_MILLION[base]! : null;
}

export function estimateCostUsd(model: string | null, promptTokens: number, completionTokens: number): number | null {
  const price = model ? priceFor(model) : null;
  if (!price) return null;
  const usd = (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}

/** Adds up the requests of one job. */
export class UsageMeter {
  promptTokens = 0;
  completionTokens = 0;
  requests = 0;

  constructor(private readonly priceModel: string | null) {}

  add(promptTokens: number, completionTokens: number): void {
    this.promptTokens += promptTokens;
    this.completionTokens += completionTokens;
    this.requests += 1;
  }

  toTokenUsage(): TokenUsage {
    return {
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      totalTokens: this.promptTokens + this.completionTokens,
      costUsd: estimateCostUsd(this.priceModel, this.promptTokens, this.completionTokens),
      requests: this.requests,
    };
  }
}

/** Rough token count of text (about four characters a token in English), for budgets before a call. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
