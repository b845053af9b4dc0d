import { create } from 'zustand';
import type { BatchStats, EngineState } from '../core';

/**
 * What main last told us about the engine and the session. Transient: it is asked for again
 * on every start, so it lives here and not in the database.
 */
export interface LiveState {
  connected: boolean;
  mode: 'desktop' | 'web' | null;
  userName: string;
  version: string;
  engine: EngineState | null;
  batch: BatchStats | null;
  /** Set when main cannot be reached, in plain words for the banner. */
  problem: string | null;
}

export const useLive = create<LiveState>(() => ({
  connected: false,
  mode: null,
  userName: '',
  version: '',
  engine: null,
  batch: null,
  problem: null,
}));
