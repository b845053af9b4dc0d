/** The renderer's IndexedDB database, by name: apart from the schema so that the export's workers can open it without Dexie. */
export const DB_NAME = 'scr-extract';
