import { z } from 'zod';
import type { ExtractorMode } from '../core/contract/job';
import { ExtractorModeSchema, ProviderConfigSchema, ProviderKindSchema, type ProviderConfig, type ProviderKind } from '../core/contract/settings';

/**
 * The `extract` command's AI options, resolved without side effects (the caller passes the
 * environment and a file reader), for main/cli/extract.ts to wire in.
 *
 * Options: --extractor rules|ai|auto, --provider openai|azure|compatible, --base-url <url>,
 * --model <name>, --ai-config <file.json>, and the batch's limits --requests-per-hour N and
 * --daily-tokens N (also "requestsPerHour" and "dailyTokens" in the file; the command line
 * wins; absent, the app's defaults: 100 requests an hour, 200,000 tokens a day). Keys come from the environment (OPENAI_API_KEY;
 * AZURE_OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT) or from the
 * config file, never from an argument: arguments are kept in shell history and are visible
 * to other users in the process list.
 *
 * Patient data leaves the machine only when asked: an OPENAI_API_KEY set for some other
 * tool does not switch extraction to AI. A provider counts as chosen when --provider,
 * --ai-config or --extractor ai|auto is given; then the mode defaults to auto.
 */
export class CliConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliConfigError';
  }
}

export interface AiCliOptions {
  extractor?: string;
  provider?: string;
  baseUrl?: string;
  model?: string;
  aiConfig?: string;
  requestsPerHour?: string;
  dailyTokens?: string;
}

/** Limits on the provider work of one run; absent ones are the engine's (the app's) defaults. */
export interface AiLimits {
  requestsPerHour?: number;
  dailyTokens?: number;
}

export interface ResolvedAiCli {
  mode: ExtractorMode;
  provider: ProviderConfig | null;
  key: string | null;
  /** Where the key came from ('OPENAI_API_KEY', 'config file'…), for a startup line; never the key. */
  keySource: string | null;
  limits: AiLimits;
}

export type Env = Record<string, string | undefined>;

const FLAGS: Record<string, keyof AiCliOptions> = {
  '--extractor': 'extractor',
  '--provider': 'provider',
  '--base-url': 'baseUrl',
  '--model': 'model',
  '--ai-config': 'aiConfig',
  '--requests-per-hour': 'requestsPerHour',
  '--daily-tokens': 'dailyTokens',
};

const KEY_FLAG = /^--?[a-z0-9_-]*?(?:api[-_]?key|apikey|key|secret|token|password|bearer)(?:=|$)/i;
const KEY_VALUE = /^(?:sk|sk-proj|sk-svcacct)[-_][A-Za-z0-9_-]{16,}$/;

const NO_KEY_ARGS =
  'Keys are not accepted on the command line, because they would be kept in shell history. ' +
  'Set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY) in the environment, or put "apiKey" in a file given with --ai-config.';

/** Throws if any argument is, or carries, a key. The message never repeats the argument. */
export function refuseKeyArguments(argv: readonly string[]): void {
  for (const arg of argv) {
    if (KEY_FLAG.test(arg) || KEY_VALUE.test(arg.replace(/^[^=]*=/, ''))) throw new CliConfigError(NO_KEY_ARGS);
  }
}

/** Takes the AI options out of the arguments; the rest are returned in order for the CLI. */
export function takeAiCliOptions(argv: readonly string[]): { options: AiCliOptions; rest: string[] } {
  refuseKeyArguments(argv);
  const options: AiCliOptions = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const field = FLAGS[name];
    if (!field) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new CliConfigError(`${name} needs a value.`);
    }
    options[field] = value;
  }
  return { options, rest };
}

const ConfigFileSchema = z
  .object({
    extractor: ExtractorModeSchema.optional(),
    provider: ProviderKindSchema.optional(),
    model: z.string().optional(),
    baseUrl: z.string().optional(),
    azureEndpoint: z.string().optional(),
    azureDeployment: z.string().optional(),
    azureApiVersion: z.string().optional(),
    timeoutMs: z.number().optional(),
    recheckFlagged: z.boolean().optional(),
    maxDocumentTokens: z.number().int().min(1000).optional(),
    requestsPerHour: z.number().int().min(1).optional(),
    dailyTokens: z.number().int().min(1).optional(),
    apiKey: z.string().min(1).optional(),
  })
  .strict();
type ConfigFile = z.infer<typeof ConfigFileSchema>;

export function resolveAiCliConfig(options: AiCliOptions, env: Env, readFile: (path: string) => string): ResolvedAiCli {
  const file = options.aiConfig ? readConfigFile(options.aiConfig, readFile) : {};
  const limits = dropUndefined({
    requestsPerHour: wholeNumber('--requests-per-hour', options.requestsPerHour) ?? file.requestsPerHour,
    dailyTokens: wholeNumber('--daily-tokens', options.dailyTokens) ?? file.dailyTokens,
  }) as AiLimits;
  const explicitMode = parseMode(options.extractor ?? file.extractor);
  if (explicitMode === 'rules') return { mode: 'rules', provider: null, key: null, keySource: null, limits };

  const chosen = options.provider !== undefined || options.aiConfig !== undefined || explicitMode !== undefined;
  if (!chosen) return { mode: 'rules', provider: null, key: null, keySource: null, limits };

  const kind = parseKind(options.provider ?? file.provider) ?? inferKind(options, env);
  if (!kind) {
    throw new CliConfigError(
      'AI extraction needs a provider. Set OPENAI_API_KEY; or AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT and ' +
        'AZURE_OPENAI_DEPLOYMENT; or give --provider compatible --base-url <url> --model <name> for a local server; or use --ai-config <file.json>.',
    );
  }
  const { key, keySource } = keyFor(kind, file, env);
  if (!key && kind !== 'compatible') {
    throw new CliConfigError(
      kind === 'openai'
        ? 'No OpenAI key: set OPENAI_API_KEY in the environment, or "apiKey" in the --ai-config file.'
        : 'No Azure OpenAI key: set AZURE_OPENAI_API_KEY in the environment, or "apiKey" in the --ai-config file.',
    );
  }
  if (kind === 'compatible' && !(options.model ?? file.model)) {
    throw new CliConfigError('Name the model the local server should use with --model (or "model" in the --ai-config file).');
  }

  const candidate = {
    kind,
    model: options.model ?? file.model ?? (kind === 'azure' ? env.AZURE_OPENAI_DEPLOYMENT : undefined),
    baseUrl: kind === 'azure' ? undefined : (options.baseUrl ?? file.baseUrl),
    azureEndpoint: kind === 'azure' ? (options.baseUrl ?? file.azureEndpoint ?? env.AZURE_OPENAI_ENDPOINT) : undefined,
    azureDeployment: kind === 'azure' ? (file.azureDeployment ?? env.AZURE_OPENAI_DEPLOYMENT) : undefined,
    azureApiVersion: kind === 'azure' ? (file.azureApiVersion ?? env.OPENAI_API_VERSION) : undefined,
    timeoutMs: file.timeoutMs,
    recheckFlagged: file.recheckFlagged,
    maxDocumentTokens: file.maxDocumentTokens,
  };
  const parsed = ProviderConfigSchema.safeParse(dropUndefined(candidate));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'settings'))].join(', ');
    throw new CliConfigError(`The AI settings are not valid (${fields}). Check the options and the --ai-config file.`);
  }
  const provider = parsed.data;
  if (provider.kind === 'compatible' && !provider.baseUrl) {
    throw new CliConfigError('A local (OpenAI-compatible) server needs its address: --base-url http://127.0.0.1:11434/v1, for example.');
  }
  if (provider.kind === 'azure' && (!provider.azureEndpoint || !provider.azureDeployment)) {
    throw new CliConfigError('Azure OpenAI needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT (or azureEndpoint and azureDeployment in the --ai-config file).');
  }
  return { mode: explicitMode ?? 'auto', provider, key, keySource, limits };
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliConfigError(`${name} needs a whole number of 1 or more.`);
  return Number(value);
}

function readConfigFile(path: string, readFile: (path: string) => string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFile(path));
  } catch {
    throw new CliConfigError(`Could not read the AI config file ${path} as JSON.`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : 'file')))].join(', ');
    throw new CliConfigError(`The AI config file ${path} has unknown or invalid settings (${fields}).`);
  }
  return parsed.data;
}

function parseMode(value: string | undefined): ExtractorMode | undefined {
  if (value === undefined) return undefined;
  const parsed = ExtractorModeSchema.safeParse(value);
  if (!parsed.success) throw new CliConfigError(`--extractor must be rules, ai or auto.`);
  return parsed.data;
}

function parseKind(value: string | undefined): ProviderKind | undefined {
  if (value === undefined) return undefined;
  const parsed = ProviderKindSchema.safeParse(value);
  if (!parsed.success) throw new CliConfigError(`--provider must be openai, azure or compatible.`);
  return parsed.data;
}

/** With no --provider: a base URL means a local server; Azure's variables mean Azure; an OpenAI key means OpenAI. */
function inferKind(options: AiCliOptions, env: Env): ProviderKind | undefined {
  if (options.baseUrl) return 'compatible';
  if (env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_ENDPOINT) return 'azure';
  if (env.OPENAI_API_KEY) return 'openai';
  return undefined;
}

/**
 * The config file, named on purpose for this run, wins over the environment. A local server
 * gets a key only from the config file: an OpenAI key in the environment is never sent to
 * another server.
 */
function keyFor(kind: ProviderKind, file: ConfigFile, env: Env): { key: string | null; keySource: string | null } {
  if (file.apiKey) return { key: file.apiKey, keySource: 'config file' };
  if (kind === 'openai' && env.OPENAI_API_KEY) return { key: env.OPENAI_API_KEY, keySource: 'OPENAI_API_KEY' };
  if (kind === 'azure' && env.AZURE_OPENAI_API_KEY) return { key: env.AZURE_OPENAI_API_KEY, keySource: 'AZURE_OPENAI_API_KEY' };
  return { key: null, keySource: null };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
