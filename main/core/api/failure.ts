/**
 * How a bridge call fails, the same over IPC and HTTP. Job failures are not call failures:
 * they travel inside Job.error. These are about the call itself, and their messages never
 * carry values from the request (a refused payload may hold patient data).
 */
export const API_FAILURE_CODES = [
  /** The payload did not match the channel's schema. */
  'ERR_BAD_REQUEST',
  /** The caller is not our renderer (foreign frame, missing or wrong token). */
  'ERR_FORBIDDEN',
  /** The app is locked: data calls are refused until it is unlocked. */
  'ERR_LOCKED',
  /** A wrong passphrase or passcode (or too many: the message says how long to wait). */
  'ERR_WRONG_SECRET',
  /** Not available in this mode or on this machine (e.g. native dialogs in web mode). */
  'ERR_UNAVAILABLE',
  /** Web mode: the local server could not be reached. */
  'ERR_OFFLINE',
  /** Anything else; details are in main's log, never in the message. */
  'ERR_INTERNAL',
] as const;

export type ApiFailureCode = (typeof API_FAILURE_CODES)[number];

export interface ApiFailure {
  code: ApiFailureCode;
  message: string;
  /** ERR_BAD_REQUEST: the payload paths that failed, e.g. ['docs', '0', 'name']. Never values. */
  issues?: string[];
}

/** The envelope every transport carries, so a failure is data rather than a thrown string. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

const DEFAULT_MESSAGES: Record<ApiFailureCode, string> = {
  ERR_BAD_REQUEST: 'The app sent a request that was not understood.',
  ERR_FORBIDDEN: 'This request was refused.',
  ERR_LOCKED: 'SCR Extract is locked. Unlock it to continue.',
  ERR_WRONG_SECRET: 'That is not right. Check it and try again.',
  ERR_UNAVAILABLE: 'This is not available here.',
  ERR_OFFLINE: 'SCR Extract is not running. Start it again, then reload this page.',
  ERR_INTERNAL: 'Something went wrong. Try again; if it keeps happening, tell your IT lead.',
};

/** What getApi() rejects with, in both modes; `instanceof` works in the renderer. */
export class ApiCallError extends Error {
  readonly code: ApiFailureCode;
  readonly issues: string[] | undefined;

  constructor(code: ApiFailureCode, message?: string, issues?: string[]) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'ApiCallError';
    this.code = code;
    this.issues = issues;
  }

  toFailure(): ApiFailure {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function isApiFailureCode(value: unknown): value is ApiFailureCode {
  return typeof value === 'string' && (API_FAILURE_CODES as readonly string[]).includes(value);
}

/**
 * Turns anything thrown into an ApiFailure. Only ApiCallErrors keep their message: other
 * errors may quote a document or a path, so they become the generic ERR_INTERNAL.
 */
export function toApiFailure(err: unknown): ApiFailure {
  if (err instanceof ApiCallError) return err.toFailure();
  return { code: 'ERR_INTERNAL', message: DEFAULT_MESSAGES.ERR_INTERNAL };
}

/** Rebuilds an ApiCallError from a failure that crossed a process or network boundary. */
export function fromApiFailure(value: unknown): ApiCallError {
  const f = value as Partial<ApiFailure> | null;
  if (f && typeof f === 'object' && isApiFailureCode(f.code)) {
    const issues = Array.isArray(f.issues) ? f.issues.filter((i): i is string => typeof i === 'string') : undefined;
    return new ApiCallError(f.code, typeof f.message === 'string' ? f.message : undefined, issues);
  }
  return new ApiCallError('ERR_INTERNAL');
}
