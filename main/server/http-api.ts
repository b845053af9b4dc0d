import type { IncomingMessage, ServerResponse } from 'node:http';
import { isChannel, type ApiFailure, type ApiFailureCode, type CallOutcome } from '../core/api/contract';
import { FRAME_CONTENT_TYPE, containsBytes, decodeFrame, encodeFrame } from '../core/api/wire';
import type { Services } from '../services/services';

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

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Called only after the request passed the Host, Origin and token checks. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  services: Services,
  maxBodyBytes: number,
): Promise<void> {
  const channel = pathname.slice(API_PREFIX.length);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendFailure(res, 405, { code: 'ERR_BAD_REQUEST', message: 'Use POST.' });
    return;
  }
  if (!isChannel(channel)) {
    sendFailure(res, 404, { code: 'ERR_BAD_REQUEST', message: 'Unknown request.' });
    return;
  }
  // Only these two types: neither can be sent cross-site without a CORS preflight, and
  // this server answers no preflight.
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== FRAME_CONTENT_TYPE) {
    sendFailure(res, 415, { code: 'ERR_BAD_REQUEST', message: 'Unsupported content type.' });
    return;
  }
  let payload: unknown;
  try {
    const body = await readBody(req, maxBodyBytes);
    payload = type === FRAME_CONTENT_TYPE ? decodeFrame(body) : body.byteLength === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendFailure(res, 413, { code: 'ERR_BAD_REQUEST', message: 'The request is too large. Send fewer files at once.' });
    } else {
      sendFailure(res, 400, { code: 'ERR_BAD_REQUEST', message: 'The request could not be read.' });
    }
    return;
  }
  const outcome = await services.invoke(channel, payload);
  sendOutcome(res, outcome.ok ? 200 : STATUS[outcome.error.code], outcome);
}
