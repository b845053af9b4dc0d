/**
 * After an approval: writes the approved records to the export folder (export-folder-write.ts).
 * The writer brings the CSV exporter and the template schemas (zod) with it, so it is loaded
 * at the first approval, not with the review list that offers approving.
 */
export function exportApproved(ids: string[]): Promise<void> {
  return import('./export-folder-write').then((m) => m.writeApprovedToExportFolder(ids));
}
