import { z } from 'zod';
import { DEFAULT_RETENTION } from './retention-defaults';

/**
 * Settings shared by main, the CLI and the renderer. The provider key is NOT here: it lives
 * only in main (safeStorage in the desktop app, environment or config file for the CLI),
 * and the renderer learns only `hasKey`.
 */
export const ProviderKindSchema = z.enum(['openai', 'azure', 'compatible']);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

export const ProviderConfigSchema = z.object({
  kind: ProviderKindSchema,
  /** Model name (OpenAI, compatible servers). For Azure the deployment decides the model. */
  model: z.string().min(1).max(200).default('gpt-4o-mini'),
  /** OpenAI-compatible server base URL, e.g. http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: z.string().url().max(500).optional(),
  /** Azure OpenAI resource endpoint, e.g. https://my-resource.openai.azure.com */
  azureEndpoint: z.string().url().max(500).optional(),
  azureDeployment: z.string().min(1).max(200).optional(),
  azureApiVersion: z.string().min(1).max(50).default('2024-10-21'),
  /** Per-request timeout in ms. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /**
   * The two-step chain: after extraction, ask the model again about only the fields still
   * flagged, with only their lines. On by default: on the oracle benchmark it ended about
   * half the flags left in auto mode for under a tenth more tokens (npm run bench:ai -- --chain).
   */
  recheckFlagged: z.boolean().default(true),
  /**
   * Auto mode's cap on the tokens one document may spend (estimated before the call:
   * prompt and answer). Flagged parts that do not fit are not sent and stay flagged.
   * Absent: the AI step's default (DEFAULT_DOCUMENT_TOKEN_CAP).
   */
  maxDocumentTokens: z.number().int().min(1000).max(2_000_000).optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

export const ExtractorModeSchema = z.enum(['rules', 'ai', 'auto']);

export const SettingsSchema = z.object({
  /** Null means "rules when no provider is configured, auto when one is". */
  extractorMode: ExtractorModeSchema.nullable().default(null),
  provider: ProviderConfigSchema.nullable().default(null),
  /** Provider-bound concurrency (requests in flight). */
  providerConcurrency: z.number().int().min(1).max(50).default(5),
  /** CPU worker threads; null means one per core. */
  cpuThreads: z.number().int().min(1).max(64).nullable().default(null),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  dailyTokenBudget: z.number().int().min(0).max(100_000_000).default(200_000),
  requestsPerHour: z.number().int().min(1).max(100_000).default(100),
  maxFileMb: z.number().int().min(1).max(200).default(20),
  maxPages: z.number().int().min(1).max(2000).default(100),
  timeBudgetSeconds: z.number().int().min(5).max(3600).default(60),
  retention: z
    .object({
      /** Source PDFs are purged this many hours after their record is approved or exported. */
      pdfHoursAfterApproval: z.number().int().min(0).max(24 * 365).default(DEFAULT_RETENTION.pdfHoursAfterApproval),
      /** Records are purged this many days after they were added. */
      recordDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION.recordDays),
    })
    .default({ ...DEFAULT_RETENTION }),
  lock: z
    .object({
      enabled: z.boolean().default(false),
      idleMinutes: z.number().int().min(1).max(480).default(30),
    })
    .default({ enabled: false, idleMinutes: 30 }),
});
export type Settings = z.infer<typeof SettingsSchema>;

type Shape = typeof SettingsSchema.shape;
/**
 * A change to the settings: any top-level key, each replacing its whole value. Unlike
 * SettingsSchema.partial(), a key that was not sent stays absent: zod 4 fills a partial's
 * absent keys with their defaults, and changing one value would reset every other.
 */
export const SettingsPatchSchema = z.object(
  Object.fromEntries(Object.entries(SettingsSchema.shape).map(([key, schema]) => [key, schema.unwrap().optional()])) as {
    [K in keyof Shape]: z.ZodOptional<ReturnType<Shape[K]['unwrap']>>;
  },
);
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/** The mode in force: an explicit choice, else auto when a provider is configured. */
export function effectiveMode(settings: Pick<Settings, 'extractorMode' | 'provider'>): 'rules' | 'ai' | 'auto' {
  return settings.extractorMode ?? (settings.provider ? 'auto' : 'rules');
}
