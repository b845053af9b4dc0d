import { APIConnectionError, APIError } from 'openai';
import type { z } from 'zod';
import type { ProviderTestStatus } from '../api/contract';
import { ProviderConfigSchema, type ProviderConfig } from '../contract/settings';
import { log as rootLog } from '../log/logger';
import { strictObject } from './json-schema';
import { createProviderClient, missingConfiguration } from './provider-client';
import { isResponseFormatRejection } from './provider-errors';
import type { StructuredOutputMode } from './structured-request';

/**
 * The settings screen's "Test connection": lists the models (where the server can), then
 * sends one tiny structured request with no patient data, and says in plain English what
 * works. `structuredOutput` tells createAiPort which response format to start with.
 */
export interface ConnectionReport {
  status: ProviderTestStatus;
  message: string;
  structuredOutput?: StructuredOutputMode;
}

const PING_SCHEMA = strictObject({ ok: { type: 'boolean' } });

export async function testConnection(
  rawConfig: ProviderConfig | z.input<typeof ProviderConfigSchema> | null,
  key: string | null,
  opts: { signal?: AbortSignal } = {},
): Promise<ConnectionReport> {
  const parsed = rawConfig ? ProviderConfigSchema.safeParse(rawConfig) : null;
  if (parsed && !parsed.success) return { status: 'not-configured', message: 'The AI settings are incomplete or invalid. Check each field.' };
  const config = parsed?.data ?? null;
  const missing = missingConfiguration(config, key);
  if (missing || !config) return { status: 'not-configured', message: missing ?? 'No AI provider is set up.' };
  const { client, model } = createProviderClient(config, key);
  const started = Date.now();
  const signal = opts.signal;
  const what = config.kind === 'azure' ? `deployment "${config.azureDeployment}"` : `model "${config.model}"`;

  // Azure's model list is the resource's catalogue, not its deployments: skip it there.
  if (config.kind !== 'azure') {
    try {
      const page = await client.models.list(signal ? { signal } : {});
      const ids = page.data.map((m) => m.id);
      if (ids.length > 0 && !ids.includes(config.model)) {
        return { status: 'model-missing', message: `Connected, but the server has no ${what}. Check the model name in settings.` };
      }
    } catch (err) {
      // Some local servers have no model list; the chat request below tells us more.
      if (!(err instanceof APIError && err.status === 404)) return finish(describeFailure(err, what), started);
    }
  }

  const ping = (mode: StructuredOutputMode) =>
    client.chat.completions.create(
      {
        model,
        messages: [
          { role: 'system', content: 'Reply with the JSON object {"ok": true} and nothing else.' },
          { role: 'user', content: 'Connection test.' },
        ],
        ...(mode === 'json_schema'
          ? { response_format: { type: 'json_schema' as const, json_schema: { name: 'connection_test', strict: true, schema: PING_SCHEMA } } }
          : { response_format: { type: 'json_object' as const } }),
      },
      signal ? { signal } : {},
    );

  try {
    await ping('json_schema');
    return finish({ status: 'reachable', message: `Connected. The ${what} answered and supports structured output.`, structuredOutput: 'json_schema' }, started);
  } catch (err) {
    if (!isResponseFormatRejection(err)) return finish(describeFailure(err, what), started);
  }
  try {
    await ping('json_object');
    return finish(
      {
        status: 'no-structured-output',
        message: `Connected, but this server does not support structured output (json_schema). Extraction will use JSON mode, with every answer checked.`,
        structuredOutput: 'json_object',
      },
      started,
    );
  } catch (err) {
    if (!isResponseFormatRejection(err)) return finish(describeFailure(err, what), started);
    return finish(
      {
        status: 'no-structured-output',
        message: `Connected, but this server supports neither structured output nor JSON mode. Extraction will ask for JSON in the prompt, with every answer checked; a server with structured output is more reliable.`,
        structuredOutput: 'prompt',
      },
      started,
    );
  }
}

function finish(report: ConnectionReport, started: number): ConnectionReport {
  rootLog.info('ai connection test', { status: report.status, ms: Date.now() - started });
  return report;
}

function describeFailure(err: unknown, what: string): ConnectionReport {
  if (err instanceof APIConnectionError) {
    return { status: 'unreachable', message: 'Could not reach the AI service. Check the address and the network, and that the server is running.' };
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 401 || status === 403) {
      return { status: 'auth-rejected', message: 'The AI service rejected the key. Check the key in settings, or ask for a new one.' };
    }
    if (status === 404) return { status: 'model-missing', message: `Connected, but the server has no ${what}. Check the name in settings.` };
    if (status === 429) {
      return { status: 'reachable', message: 'Connected and the key works, but the service is limiting requests right now (rate limit or quota).' };
    }
    if (status >= 500) return { status: 'unreachable', message: 'The AI service answered with a server error. Try again later.' };
    return { status: 'unreachable', message: `The AI service refused the test request (HTTP ${status}). Check the settings.` };
  }
  return { status: 'unreachable', message: 'Could not reach the AI service. Check the settings and the network.' };
}
