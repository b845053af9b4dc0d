/**
 * The export folder (issue 11): approved records are written there as CSV, for a practice
 * system that picks files up from a folder. Its state, as main reports it to the settings
 * screen. The path is the folder staff chose (a setting, shown back to them); the file names
 * are main's own (date, time and a random id), never a patient's name or NHS number.
 */
export type ExportFolderState = 'off' | 'ready' | 'missing' | 'not-a-folder' | 'not-writable';

/**
 * The CSV template the folder's files are written with: one of the Export screen's templates
 * (built in, or saved in the page's database), by its id, with its name as it was when chosen
 * (shown back, and said in Settings if that template is no longer saved). Main keeps the
 * choice; the page, which holds the templates, builds each file with it.
 */
export interface ExportFolderTemplate {
  id: string;
  name: string;
}

export interface ExportFolderStatus {
  path: string | null;
  state: ExportFolderState;
  /** The template chosen for the folder's files; the export's default (one row per patient) until one is chosen. */
  template: ExportFolderTemplate;
  /** The last file written into the folder (since it was chosen). */
  lastWritten: { fileName: string; at: string; count: number } | null;
  /** The last write that failed, in plain words; cleared by the next one that works. */
  lastError: { message: string; at: string } | null;
}

/**
 * Records per file: a bulk approval of more is written as several files, so each stays far
 * below the channel's size limit (a record with many items is a few kilobytes of CSV).
 */
export const EXPORT_FOLDER_RECORDS_PER_FILE = 500;
/** What one file may hold, in UTF-16 characters (the channel refuses more). */
export const EXPORT_FOLDER_MAX_CHARS = 32 * 1024 * 1024;

/**
 * A file written into the export folder whose records the page has not yet acknowledged
 * marking exported (main's journal, services/export-folder/export-journal.ts): ids only.
 */
export interface UnacknowledgedExport {
  /** Main's own name for the file (date, time and a random id). */
  fileName: string;
  /** When main wrote it (ISO 8601). */
  at: string;
  documentIds: string[];
}
