import type { IncomingMessage, ServerResponse } from 'node:http';
import { isChannel, type ApiFailure, type ApiFailureCode, type CallOutcome } from '../core/api/contract';
import { FRAME_CONTENT_TYPE, containsBytes, decodeFrame, encodeFrame } from '../core/api/wire';
import type { Services } from '../services/services';
import type { BodyBudget } from './body-budget';

/**
 * POST /api/<channel>: the same handlers the desktop app reaches over IPC. Bodies are
 * JSON, or a frame (core/api/wire.ts) when they carry PDF bytes. Replies are the call's
 * outcome envelope, with a status code that says the same thing.
 */
export const API_PREFIX = '/api/';

const STATUS: Record<ApiFailureCode, number> = {
  ERR_BAD_REQUEST: 400,
  ERR_FORBIDDEN: 403,
  ERR_LOCKED: 423,
  // Not 401: the web client reads 401 as "this tab's token is no longer accepted".
  ERR_WRONG_SECRET: 403,
  ERR_UNAVAILABLE: 501,
  ERR_OFFLINE: 503,
  ERR_INTERNAL: 500,
};

export function sendOutcome(res: ServerResponse, status: number, outcome: CallOutcome<unknown>): void {
  if (containsBytes(outcome)) {
    const body = encodeFrame(outcome);
    res.writeHead(status, { 'Content-Type': FRAME_CONTENT_TYPE, 'Content-Length': body.byteLength, 'Cache-Control': 'no-store' });
    res.end(body);
    return;
  }
  const body = JSON.stringify(outcome);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

export function sendFailure(res: ServerResponse, status: number, error: ApiFailure): void {
  sendOutcome(res, status, { ok: false, error });
}

/**
 * A refusal made before the body was read: answer, then close the connection. Kept open, a
 * refused caller held its socket (and Node read and dropped its upload) until the 10-minute
 * request timeout (issue 13). With `Connection: close` Node ends and destroys the socket as
 * soon as the answer is written.
 */
export function refuse(res: ServerResponse, status: number, error: ApiFailure, headers: Record<string, string> = {}): void {
  res.setHeader('Connection', 'close');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendFailure(res, status, error);
}

class BodyTooLarge extends Error {}
class ServerBusy extends Error {}

interface Body {
  bytes: Buffer;
  /** Gives the body's bytes back to the shared budget; safe to call more than once. */
  release(): void;
}

/**
 * Reads the body into one buffer, counted against the budget shared by every request. With
 * a Content-Length (what the web client sends) the whole length is counted before the first
 * byte and the bytes go straight into one buffer (no second copy to join chunks).
 */
function readBody(req: IncomingMessage, maxBytes: number, budget: BodyBudget): Promise<Body> {
  const header = req.headers['content-length'];
  const declared = header === undefined ? null : Number(header);
  if (declared !== null && Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge());
  let held = 0;
  const release = () => {
    budget.give(held);
    held = 0;
  };
  const known = declared !== null && Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
  if (known !== null) {
    if (!budget.take(known)) return Promise.reject(new ServerBusy());
    held = known;
  }
  return new Promise((resolve, reject) => {
    const whole = known !== null ? Buffer.allocUnsafe(known) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      failed = true;
      req.pause();
      release();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (size + chunk.byteLength > maxBytes || (whole && size + chunk.byteLength > whole.byteLength)) return fail(new BodyTooLarge());
      if (whole) {
        chunk.copy(whole, size);
      } else {
        if (!budget.take(chunk.byteLength)) return fail(new ServerBusy());
        held += chunk.byteLength;
        chunks.push(chunk);
      }
      size += chunk.byteLength;
    });
    req.on('end', () => {
      if (!failed) resolve({ bytes: whole ? whole.subarray(0, size) : Buffer.concat(chunks, size), release });
    });
    req.on('error', (err) => {
      if (!failed) fail(err);
    });
    // A caller that goes away mid-upload gives its share back.
    req.on('close', () => {
      if (!failed && !req.complete) fail(new Error('aborted'));
    });
  });
}

/** Called only after the request passed the Host, Origin and token checks. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  services: Services,
  limits: { maxBodyBytes: number; budget: BodyBudget },
): Promise<void> {
  const channel = pathname.slice(API_PREFIX.length);
  if (req.method !== 'POST') {
    refuse(res, 405, { code: 'ERR_BAD_REQUEST', message: 'Use POST.' }, { Allow: 'POST' });
    return;
  }
  if (!isChannel(channel)) {
    refuse(res, 404, { code: 'ERR_BAD_REQUEST', message: 'Unknown request.' });
    return;
  }
  // Only these two types: neither can be sent cross-site without a CORS preflight, and
  // this server answers no preflight.
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== FRAME_CONTENT_TYPE) {
    refuse(res, 415, { code: 'ERR_BAD_REQUEST', message: 'Unsupported content type.' });
    return;
  }
  let body: Body;
  try {
    body = await readBody(req, limits.maxBodyBytes, limits.budget);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      refuse(res, 413, { code: 'ERR_BAD_REQUEST', message: 'The request is too large. Send fewer files at once.' });
    } else if (err instanceof ServerBusy) {
      refuse(res, 503, { code: 'ERR_UNAVAILABLE', message: 'SCR Extract is busy receiving other files. Try again in a moment.' }, { 'Retry-After': '5' });
    } else {
      refuse(res, 400, { code: 'ERR_BAD_REQUEST', message: 'The request could not be read.' });
    }
    return;
  }
  try {
    let payload: unknown;
    try {
      const bytes = body.bytes;
      payload = type === FRAME_CONTENT_TYPE ? decodeFrame(bytes) : bytes.byteLength === 0 ? {} : JSON.parse(bytes.toString('utf8'));
    } catch {
      sendFailure(res, 400, { code: 'ERR_BAD_REQUEST', message: 'The request could not be read.' });
      return;
    }
    const outcome = await services.invoke(channel, payload);
    sendOutcome(res, outcome.ok ? 200 : STATUS[outcome.error.code], outcome);
  } finally {
    // The call has taken what it keeps (a submit's bytes are the engine's from here).
    body.release();
  }
}
