/**
 * The pieces of the pure core the renderer uses, in one place: the contracts it shares with
 * main, the rules it must apply exactly as main does (the NHS number check digit), and the
 * CSV exporter it shares with the CLI.
 *
 * Only what the first screen can do without: the zod schemas (settings, templates) and the
 * CSV writer (papaparse) are imported from their own files by the screens that use them,
 * so that they load with those screens and not before the review list.
 */
export type { ScrApi, ApiEvent, ProviderTestStatus, RequestOf, ResponseOf } from '../../main/core/api/contract';
export type { ExtractionResult, ReviewFlag } from '../../main/core/contract/extraction';
export type { BatchStats, EngineMetrics, EngineState, Job, JobStep } from '../../main/core/contract/job';
export { JOB_STEPS } from '../../main/core/contract/job';
export { newJob } from '../../main/core/engine/job-record';
export type { Allergy, Medication, Patient, Problem, ScrRecord, Sex } from '../../main/core/contract/record';
export type { ProviderKind, Settings } from '../../main/core/contract/settings';
export type { WatchState, WatchStatus } from '../../main/core/contract/watched-folder';
export type { ExportFolderState, ExportFolderStatus, ExportFolderTemplate } from '../../main/core/contract/export-folder';
export { EXPORT_FOLDER_MAX_CHARS, EXPORT_FOLDER_RECORDS_PER_FILE } from '../../main/core/contract/export-folder';
export type { Box, ExtractionWarning, Provenance } from '../../main/core/contract/text';
export { ERROR_MESSAGES } from '../../main/core/contract/errors';
export { formatNhsNumber, isValidNhsNumber } from '../../main/core/normalise/nhs-number';
export type { CsvInput } from '../../main/core/csv/export';
export type { CsvTemplate } from '../../main/core/csv/template';
