import { create } from 'zustand';

/**
 * What the app-wide notice says after approved records could not be written to the export
 * folder (export-folder-write.ts sets it). Apart from the writer, which brings the CSV
 * exporter with it: the notice is on every screen from the start, the writer only after an approval.
 */
export interface ExportFolderProblem {
  /** Approved records not written to the folder. */
  count: number;
  message: string;
}

interface NoticeState {
  problem: ExportFolderProblem | null;
  dismiss(): void;
}

export const useExportFolderNotice = create<NoticeState>((set) => ({
  problem: null,
  dismiss: () => set({ problem: null }),
}));
