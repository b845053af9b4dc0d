import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests and benchmarks: real HTTP, so the
 * real `openai` SDK (and the engine's retry policy) run against it. Each test scripts the
 * answers; every request is recorded so tests can assert on what left "the machine".
 *
 * Routes: POST /v1/chat/completions, POST /openai/deployments/:dep/chat/completions
 * (Azure shape), GET /v1/models. Anything else is a 404.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
  at: number;
  /** Set when the client closed the connection before the answer was sent (an aborted request). */
  aborted?: boolean;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
  /** Delay before answering, in ms. */
  delayMs?: number;
  /** Destroy the socket instead of answering (a network error). */
  drop?: boolean;
}

export type FakeHandler = (req: RecordedRequest, index: number) => FakeResponse | Promise<FakeResponse>;

export interface FakeOpenAiServer {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  /** OpenAI-style base URL: `${url}/v1`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replaces the handler for chat completion requests. */
  setHandler(handler: FakeHandler): void;
  /** Models listed by GET /v1/models. */
  setModels(ids: string[]): void;
  /** Scripts GET /v1/models instead of listing models (e.g. a 401, or a 404 from a server without the route); null restores the list. */
  setModelsResponse(response: FakeResponse | null): void;
  close(): Promise<void>;
}

/** A chat completion body whose message content is `content` (a string or JSON-serialised object). */
export function completion(
  content: unknown,
  opts: { model?: string; promptTokens?: number; completionTokens?: number; finishReason?: string } = {},
): Record<string, unknown> {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  const promptTokens = opts.promptTokens ?? 100;
  const completionTokens = opts.completionTokens ?? 50;
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: opts.model ?? 'fake-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        finish_reason: opts.finishReason ?? 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** An OpenAI-style error body. */
export function apiError(status: number, message: string, code: string | null = null): FakeResponse {
  return {
    status,
    body: { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', param: null, code } },
  };
}

export async function startFakeOpenAiServer(initial?: FakeHandler): Promise<FakeOpenAiServer> {
  let handler: FakeHandler = initial ?? (() => ({ body: completion('{}') }));
  let models = ['fake-model', 'gpt-4o-mini'];
  let modelsResponse: FakeResponse | null = null;
  const requests: RecordedRequest[] = [];
  let chatIndex = 0;

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown = rawBody;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      // Keep the raw text: a test may want to see that a non-JSON body was sent.
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      rawBody,
      at: Date.now(),
    };
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.aborted = true;
    });

    const send = (r: FakeResponse) => {
      if (r.drop) {
        req.socket.destroy();
        return;
      }
      const payload = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(payload);
    };

    if (req.method === 'GET' && /\/models$/.test(url.pathname)) {
      if (modelsResponse) {
        send(modelsResponse);
        return;
      }
      send({ body: { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) } });
      return;
    }
    if (req.method === 'POST' && /\/chat\/completions$/.test(url.pathname)) {
      const index = chatIndex++;
      let r: FakeResponse;
      try {
        r = await handler(recorded, index);
      } catch (err) {
        r = apiError(500, `fake handler threw: ${(err as Error).message}`);
      }
      if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
      if (!res.destroyed) send(r);
      return;
    }
    send({ status: 404, body: { error: { message: 'not found', type: 'invalid_request_error' } } });
  });
  // Tests abort requests mid-flight; a reset socket is expected, not a failure.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    setHandler(h) {
      handler = h;
    },
    setModels(ids) {
      models = ids;
    },
    setModelsResponse(response) {
      modelsResponse = response;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
