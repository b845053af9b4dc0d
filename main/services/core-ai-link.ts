import { createAiPort } from '../core/extract/ai/ai-port';
import type { StructuredOutputMode } from '../core/provider/structured-request';
import { testConnection } from '../core/provider/test-connection';
import type { ProviderConfig } from '../core/contract/settings';
import type { AiLink } from './ai-link';

/**
 * main/core/extract/ai and main/core/provider behind the AiLink seam. A connection test learns which response format the
 * server accepts (some local servers refuse json_schema); the next port built for that
 * same configuration starts with it instead of finding out on a patient's document.
 */
export function createCoreAiLink(): AiLink {
  const learned = new Map<string, StructuredOutputMode>();
  const keyOf = (config: ProviderConfig) => JSON.stringify(config);

  return {
    createAiPort(config, key) {
      const structuredOutput = learned.get(keyOf(config));
      return createAiPort({ config, key, ...(structuredOutput && { structuredOutput }) });
    },
    async testConnection(config, key) {
      const report = await testConnection(config, key);
      if (report.structuredOutput) learned.set(keyOf(config), report.structuredOutput);
      return { status: report.status, message: report.message };
    },
  };
}
