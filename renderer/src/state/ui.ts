import { create } from 'zustand';
import type { PickedDocument } from '../../../main/core/api/contract';
import type { ListState } from '../db/rows';

export type ReviewFilter = 'all' | 'needs review' | 'approved' | 'failed' | 'needs checking';

/** The review list's order: newest added first, most open flags first, or by status (needing review first). */
export type ReviewSort = 'added' | 'flags' | 'status';

/** How a duplicate can be processed again: the file in hand, or the desktop dialog's pick. */
export type ProcessAgainSource = { kind: 'file'; file: File } | { kind: 'picked'; file: PickedDocument };

/** A document whose bytes are already here: staff can open the existing record or process it again. */
export interface DuplicateNotice {
  key: string;
  fileName: string;
  existingId: string;
  existingName: string;
  /** Null when nothing is left to process again (a pick from before a reload, not yet copied in). */
  again: ProcessAgainSource | null;
}

export interface UiState {
  /** Inbox rows ticked for a bulk action. */
  selected: ReadonlySet<string>;
  toggleSelected(id: string, on: boolean): void;
  setSelected(ids: Iterable<string>): void;
  duplicates: DuplicateNotice[];
  addDuplicate(n: DuplicateNotice): void;
  dismissDuplicate(key: string): void;

  reviewFilter: ReviewFilter;
  reviewSearch: string;
  setReviewFilter(f: ReviewFilter): void;
  setReviewSearch(s: string): void;
  reviewSort: ReviewSort;
  setReviewSort(s: ReviewSort): void;

  /** The field whose source box is highlighted on the page, e.g. 'patient.nhsNumber'. */
  activeField: string | null;
  setActiveField(path: string | null): void;
}

export const useUi = create<UiState>((set) => ({
  selected: new Set(),
  toggleSelected: (id, on) =>
    set((s) => {
      const next = new Set(s.selected);
      if (on) next.add(id);
      else next.delete(id);
      return { selected: next };
    }),
  setSelected: (ids) => set({ selected: new Set(ids) }),
  duplicates: [],
  addDuplicate: (n) => set((s) => ({ duplicates: [...s.duplicates, n] })),
  dismissDuplicate: (key) => set((s) => ({ duplicates: s.duplicates.filter((d) => d.key !== key) })),

  reviewFilter: 'all',
  reviewSearch: '',
  setReviewFilter: (reviewFilter) => set({ reviewFilter }),
  setReviewSearch: (reviewSearch) => set({ reviewSearch }),
  reviewSort: 'added',
  setReviewSort: (reviewSort) => set({ reviewSort }),

  activeField: null,
  setActiveField: (activeField) => set({ activeField }),
}));

export const LIST_STATE_LABEL: Record<ListState, string> = {
  processing: 'Processing',
  'needs review': 'Needs review',
  approved: 'Approved',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
