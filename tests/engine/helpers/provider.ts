import { apiError, completion, type FakeHandler, type FakeOpenAiServer, type FakeResponse, type RecordedRequest } from '../../helpers/fake-openai-server';

export const ok = (): FakeResponse => ({ body: completion('{}', { promptTokens: 100, completionTokens: 50 }) });
export const fail500 = (): FakeResponse => apiError(500, 'upstream exploded');
export const rateLimited = (seconds: number): FakeResponse => ({ ...apiError(429, 'slow down'), headers: { 'retry-after': String(seconds) } });
export const unauthorised = (): FakeResponse => apiError(401, 'invalid api key');

export function kind(req: RecordedRequest): string {
  return String(req.headers['x-request-kind'] ?? '');
}

export function extracts(server: FakeOpenAiServer): RecordedRequest[] {
  return server.requests.filter((r) => kind(r) === 'extract');
}

export function probes(server: FakeOpenAiServer): RecordedRequest[] {
  return server.requests.filter((r) => kind(r) === 'probe');
}

/**
 * Answers extract requests from a script, in order (the last answer repeats), and probes
 * with `probe` (default: like the next scripted answer would).
 */
export function scripted(answers: (() => FakeResponse)[], probe?: () => FakeResponse): FakeHandler {
  let n = 0;
  return (req) => {
    if (kind(req) === 'probe') return probe ? probe() : answers[Math.min(n, answers.length - 1)]!();
    const answer = answers[Math.min(n, answers.length - 1)]!;
    n++;
    return answer();
  };
}
