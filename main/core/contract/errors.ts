/**
 * Error codes from ../shared/README.md. Each carries a message a receptionist can act on:
 * what happened, then what to do. Messages never contain values from the document.
 */
export const ERROR_CODES = [
  'ERR_INVALID_FILE_TYPE',
  'ERR_FILE_TOO_LARGE',
  'ERR_PDF_ENCRYPTED',
  'ERR_PDF_CORRUPT',
  'ERR_PDF_TOO_COMPLEX',
  'ERR_NOT_SCR',
  'ERR_NO_TEXT',
  'ERR_AUTH',
  'ERR_RATE_LIMIT',
  'ERR_PROCESSING',
  'ERR_EXTRACTION',
  'ERR_CANCELLED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  ERR_INVALID_FILE_TYPE:
    'This file is not a PDF. Check you chose the right file, or ask the sender to send it as a PDF.',
  ERR_FILE_TOO_LARGE:
    'This file is too large to process. Ask the sender for a smaller copy, or split it into parts.',
  ERR_PDF_ENCRYPTED: 'This PDF is password protected. Ask the sender for an unprotected copy.',
  ERR_PDF_CORRUPT:
    'This PDF is damaged or incomplete and cannot be opened. Ask the sender to send it again.',
  ERR_PDF_TOO_COMPLEX:
    'This PDF is too large or complex to read safely. Ask the sender for a simpler copy, such as the summary pages printed to PDF again.',
  ERR_NOT_SCR:
    'This document does not look like a patient summary, so nothing was taken from it. Check it is the right document.',
  ERR_NO_TEXT:
    'This PDF is a scanned image with no readable text. Ask the sender for a digital copy, or key it in by hand.',
  ERR_AUTH:
    'The AI service refused the key, so AI extraction has stopped. Ask your IT lead to check the key in Settings, then retry.',
  ERR_RATE_LIMIT:
    'The AI service is busy or today’s limit has been reached. Try this document again later.',
  ERR_PROCESSING:
    'Something went wrong while reading this document. Try again; if it keeps failing, tell your IT lead.',
  ERR_EXTRACTION:
    'The AI service gave an answer that could not be checked, so nothing was taken from it. Try again, or key this one in by hand.',
  ERR_CANCELLED: 'Cancelled. Nothing was saved for this document.',
};

/** Transient failures are retried by the engine; everything else is final. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['ERR_RATE_LIMIT', 'ERR_PROCESSING']);

export interface JobError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** Machine-readable refinement, e.g. 'page-limit' or 'time-budget'. Never document content. */
  reason?: string;
  /** Seconds the provider asked us to wait (Retry-After), when it said. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly reason: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    opts: { message?: string; reason?: string; retryable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(opts.message ?? ERROR_MESSAGES[code], opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.reason = opts.reason;
    this.retryable = opts.retryable ?? RETRYABLE.has(code);
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  toJSON(): JobError {
    const out: JobError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.reason !== undefined) out.reason = this.reason;
    if (this.retryAfterSeconds !== undefined) out.retryAfterSeconds = this.retryAfterSeconds;
    return out;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns anything thrown into a JobError. Errors crossing worker threads arrive as plain
 * objects, so this looks at shape, not prototype. Unknown errors become ERR_PROCESSING with
 * the generic message: their own message may quote document text and is never shown or logged.
 */
export function toJobError(err: unknown): JobError {
  if (err instanceof AppError) return err.toJSON();
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    if (isErrorCode(e.code)) {
      const out: JobError = {
        code: e.code,
        message: typeof e.message === 'string' && e.message ? e.message : ERROR_MESSAGES[e.code],
        retryable: typeof e.retryable === 'boolean' ? e.retryable : RETRYABLE.has(e.code),
      };
      if (typeof e.reason === 'string') out.reason = e.reason;
      if (typeof e.retryAfterSeconds === 'number') out.retryAfterSeconds = e.retryAfterSeconds;
      return out;
    }
    if (e.name === 'AbortError') {
      return { code: 'ERR_CANCELLED', message: ERROR_MESSAGES.ERR_CANCELLED, retryable: false };
    }
  }
  return { code: 'ERR_PROCESSING', message: ERROR_MESSAGES.ERR_PROCESSING, retryable: true };
}
