import type { z } from 'zod';
import type { ProviderConfigSchema } from '../../../main/core/contract/settings';
import { createAiPort, type AiPortOptions } from '../../../main/core/extract/ai/ai-port';
import type { FakeOpenAiServer, RecordedRequest } from '../../helpers/fake-openai-server';

/** A key that is obviously fake, long enough to be found if it leaked anywhere. */
export const TEST_KEY = 'sk-test-fake-key-0123456789abcdefXYZ';

type ConfigInput = z.input<typeof ProviderConfigSchema>;

export function openAiConfig(server: FakeOpenAiServer, extra: Partial<ConfigInput> = {}): ConfigInput {
  // One reading per document unless a test asks for the second look (chain.test.ts does).
  return { kind: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL, timeoutMs: 5000, recheckFlagged: false, ...extra };
}

export function openAiPort(server: FakeOpenAiServer, extra: Partial<ConfigInput> = {}, opts: Partial<AiPortOptions> = {}) {
  return createAiPort({ config: openAiConfig(server, extra), key: TEST_KEY, ...opts });
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}

/** Chat completion requests only (the fake also records model listings). */
export function chatRequests(server: FakeOpenAiServer): RecordedRequest[] {
  return server.requests.filter((r) => r.path.endsWith('/chat/completions'));
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: Record<string, unknown> } };
}

export function chatBody(req: RecordedRequest): ChatBody {
  return req.body as ChatBody;
}

/** Everything the model was told in one request, as one string. */
export function promptText(req: RecordedRequest): string {
  return chatBody(req).messages.map((m) => m.content).join('\n');
}
