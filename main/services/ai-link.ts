import type { ProviderTestStatus } from '../core/api/contract';
import type { ProviderConfig } from '../core/contract/settings';
import type { AiPort } from '../core/pipeline/ports';

/**
 * The two things the services need from main/core/extract/ai and main/core/provider: a port for the engine built from the
 * settings and the key, and the settings screen's connection test. Passed in by the hosts,
 * so tests can stand in a fake provider.
 */
export interface AiLink {
  createAiPort(config: ProviderConfig, key: string | null): AiPort;
  testConnection(config: ProviderConfig, key: string | null): Promise<{ status: ProviderTestStatus; message: string }>;
}
