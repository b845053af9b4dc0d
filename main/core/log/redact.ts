/**
 * Redaction for anything that might reach a log line, in the manner of Signal-Desktop's
 * privacy.main.ts: patterns that look like patient identifiers are replaced wherever they
 * appear, and strings registered from the record being processed (names, address words)
 * are replaced too. Redaction is a safety net: callers still log ids, counts and timings only.
 */

// 10 digits, optionally spaced 3-3-4 or with hyphens: NHS numbers.
const NHS_NUMBER = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
// Dates in the forms documents print them: 14/03/2024, 14-03-2024, 2024-03-14, 14-Mar-2024, 14 March 2024.
const DATE_NUMERIC = /\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b/g;
const DATE_WORDS =
  /\b\d{1,2}(?:st|nd|rd|th)?[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[ -]\d{2,4}\b/gi;
// UK postcodes, spaced or not.
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;

const sensitive = new Map<string, number>();
const SENSITIVE_TTL_MS = 60 * 60 * 1000;
let sensitivePattern: RegExp | null = null;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rebuildPattern(now: number): void {
  for (const [word, expires] of sensitive) if (expires < now) sensitive.delete(word);
  const words = [...sensitive.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  sensitivePattern = words.length ? new RegExp(`\\b(?:${words.join('|')})\\b`, 'gi') : null;
}

/**
 * Registers words from the record in hand (names, address parts) so that they are redacted
 * from any log line for the next hour. Words shorter than 3 letters are ignored: they would
 * redact ordinary words and they identify nobody.
 */
export function registerSensitive(values: Iterable<string | null | undefined>, now = Date.now()): void {
  let changed = false;
  for (const value of values) {
    if (!value) continue;
    for (const word of value.split(/[\s,]+/)) {
      const w = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (w.length < 3) continue;
      const key = w.toLowerCase();
      if (!sensitive.has(key)) changed = true;
      sensitive.set(key, now + SENSITIVE_TTL_MS);
    }
  }
  if (changed) rebuildPattern(now);
}

export function clearSensitive(): void {
  sensitive.clear();
  sensitivePattern = null;
}

export function redactText(text: string): string {
  let out = text
    .replace(NHS_NUMBER, '[nhs-number]')
    .replace(DATE_WORDS, '[date]')
    .replace(DATE_NUMERIC, '[date]')
    .replace(POSTCODE, '[postcode]');
  if (sensitivePattern) out = out.replace(sensitivePattern, '[name]');
  return out;
}

/**
 * Keys whose values are document content by definition. Their values are dropped, not
 * redacted: a pattern list cannot recognise every medicine or diagnosis.
 */
const CONTENT_KEYS = new Set([
  'text',
  'str',
  'value',
  'values',
  'record',
  'records',
  'items',
  'content',
  'prompt',
  'messages',
  'response',
  'body',
  'evidence',
  'claimed',
  'missing',
  'readings',
  'source',
  'patient',
  'medications',
  'allergies',
  'problems',
  'apikey',
  'key',
  'authorization',
  'password',
  'passphrase',
]);

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, code: typeof code === 'string' ? code : undefined, message: redactText(value.message) };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = CONTENT_KEYS.has(k.toLowerCase()) ? '[omitted]' : redactValue(v, depth + 1);
    }
    return out;
  }
  return `[${typeof value}]`;
}
