import type { ScrRecord } from '../contract/record';
import { registerSensitive } from './redact';

/**
 * Registers the identifying words of a record in hand (names, address, practice) with the
 * redaction, so that no log line written while it is processed can carry them, whatever
 * a caller passes by mistake. Called as soon as the rules have read a record and again when
 * it is final (an AI answer may have changed a name). Numbers, dates and postcodes are
 * caught by pattern already.
 */
export function registerRecordSensitive(record: Pick<ScrRecord, 'patient'>): void {
  const p = record.patient;
  registerSensitive([p.givenName, p.familyName, p.title && p.title.length > 3 ? p.title : null, p.address, p.gpPracticeName]);
}
