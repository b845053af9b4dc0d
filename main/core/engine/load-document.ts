import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../contract/errors';
import type { ExtractionWarning } from '../contract/text';
import { checkSize, validatePdfBytes, type IntakeLimits } from '../intake/validate-bytes';
import type { DocumentSource } from './types';

/**
 * The validating step: fetch the document's bytes only now (a queued path-sourced job
 * holds no bytes), refuse an oversized file by its size before reading it, then judge
 * the bytes. Errors name no path: paths can carry a patient's name. The warnings are about
 * the file itself (junk ahead of the PDF) and go into the document's result.
 */
export async function loadDocument(
  source: DocumentSource,
  limits: IntakeLimits,
  signal: AbortSignal,
): Promise<{ bytes: Uint8Array; warnings: ExtractionWarning[] }> {
  signal.throwIfAborted();
  let bytes: Uint8Array;
  if (source.kind === 'bytes') {
    bytes = source.bytes;
  } else {
    try {
      const info = await stat(source.path);
      if (!info.isFile()) {
        throw new AppError('ERR_INVALID_FILE_TYPE', {
          reason: 'not-a-file',
          message: 'This is a folder or device, not a PDF file. Choose the PDF itself.',
        });
      }
      checkSize(info.size, limits);
      bytes = await readFile(source.path, { signal });
    } catch (err) {
      throw fileError(err, signal);
    }
  }
  const warnings = validatePdfBytes(bytes, limits);
  return { bytes, warnings };
}

function fileError(err: unknown, signal: AbortSignal): unknown {
  if (err instanceof AppError || signal.aborted) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return new AppError('ERR_PROCESSING', {
      reason: 'file-missing',
      retryable: false,
      message: 'This file could not be found: it may have been moved or deleted. Add it again.',
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
    return new AppError('ERR_PROCESSING', {
      reason: 'file-unreadable',
      retryable: false,
      message: 'This file could not be opened: the computer refused access to it. Copy it somewhere else and add it again.',
    });
  }
  // Anything else (a busy network drive, say) may pass: worth another attempt.
  return new AppError('ERR_PROCESSING', { reason: 'file-read' });
}
