import { AzureOpenAI, OpenAI } from 'openai';
import { AppError } from '../contract/errors';
import type { ProviderConfig } from '../contract/settings';

/**
 * One openai SDK client per provider configuration. Every option the SDK would otherwise
 * read from the environment is given explicitly, so that an OPENAI_API_KEY, admin key,
 * organisation or base URL set for some other tool is never sent to a different server,
 * and OPENAI_LOG=debug cannot make the SDK print request bodies (patient data).
 */
export interface ProviderClient {
  client: OpenAI;
  /** The `model` sent in each request (for Azure the deployment decides, but the field is still required). */
  model: string;
  /** e.g. 'openai:gpt-4o-mini', 'azure:scr-extract', 'compatible:llama3.1@127.0.0.1:11434'. */
  id: string;
  /** Model name for the price table; null for local servers, which cost nothing per token. */
  priceModel: string | null;
}

/** Plain-English reason the configuration cannot be used yet, or null when it is complete. */
export function missingConfiguration(config: ProviderConfig | null, key: string | null): string | null {
  if (!config) return 'No AI provider is set up. Choose OpenAI, Azure OpenAI or a local server in settings.';
  switch (config.kind) {
    case 'openai':
      return key ? null : 'No OpenAI key is set. Add the key in settings.';
    case 'azure':
      if (!config.azureEndpoint) return 'The Azure OpenAI endpoint is not set. Add it in settings.';
      if (!config.azureDeployment) return 'The Azure OpenAI deployment name is not set. Add it in settings.';
      return key ? null : 'No Azure OpenAI key is set. Add the key in settings.';
    case 'compatible':
      return config.baseUrl ? null : 'The local server address (base URL) is not set. Add it in settings.';
  }
}

export function providerId(config: ProviderConfig): string {
  switch (config.kind) {
    case 'openai':
      return `openai:${config.model}`;
    case 'azure':
      return `azure:${config.azureDeployment ?? config.model}`;
    case 'compatible':
      return `compatible:${config.model}@${config.baseUrl ? new URL(config.baseUrl).host : 'unset'}`;
  }
}

const SHARED_OPTIONS = {
  // The engine's retry policy is the only retry layer: SDK retries would multiply it.
  maxRetries: 0,
  adminAPIKey: null,
  organization: null,
  project: null,
  logLevel: 'off',
} as const;

export function createProviderClient(config: ProviderConfig, key: string | null): ProviderClient {
  const missing = missingConfiguration(config, key);
  if (missing) {
    const noKey = config.kind !== 'compatible' && !key;
    throw new AppError(noKey ? 'ERR_AUTH' : 'ERR_PROCESSING', {
      message: missing,
      reason: noKey ? 'no-key' : 'not-configured',
      retryable: false,
    });
  }
  const id = providerId(config);
  if (config.kind === 'azure') {
    const client = new AzureOpenAI({
      ...SHARED_OPTIONS,
      apiKey: key!,
      endpoint: config.azureEndpoint!,
      deployment: config.azureDeployment!,
      apiVersion: config.azureApiVersion,
      timeout: config.timeoutMs,
    });
    return { client, model: config.azureDeployment!, id, priceModel: config.model };
  }
  if (config.kind === 'openai') {
    const client = new OpenAI({
      ...SHARED_OPTIONS,
      apiKey: key!,
      baseURL: config.baseUrl ?? 'https://api.openai.com/v1',
      timeout: config.timeoutMs,
    });
    return { client, model: config.model, id, priceModel: config.model };
  }
  // Local servers often need no key. The SDK insists on one, so it is given a dummy value
  // and the Authorization header is then removed: nothing is sent that the user did not set.
  const client = new OpenAI({
    ...SHARED_OPTIONS,
    apiKey: key ?? 'no-key',
    baseURL: config.baseUrl!,
    timeout: config.timeoutMs,
    ...(key ? {} : { defaultHeaders: { Authorization: null } }),
  });
  return { client, model: config.model, id, priceModel: null };
}
