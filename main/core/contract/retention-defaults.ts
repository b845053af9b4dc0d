/**
 * How long things are kept unless the practice chose otherwise: settings.ts's defaults, and
 * what the renderer purges by before main's settings have been mirrored. Apart from the
 * settings schema so that the renderer can read it at start without loading zod.
 */
export const DEFAULT_RETENTION = {
  /** Source PDFs are purged this many hours after their record is approved or exported. */
  pdfHoursAfterApproval: 24,
  /** Records are purged this many days after they were added. */
  recordDays: 30,
} as const;
