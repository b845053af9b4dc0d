import type { Settings } from '../core/contract/settings';
import { effectiveMode } from '../core/contract/settings';
import type { EngineOptions, UsageStore } from '../core/engine/types';
import type { CpuPool } from '../core/pipeline/cpu-pool';

const MB = 1024 * 1024;

/** The engine's options from the settings; the provider is attached separately (setAi). */
export function engineOptionsFrom(settings: Settings, cpu: CpuPool, usageStore: UsageStore): EngineOptions {
  return {
    cpu,
    ai: null,
    limits: {
      maxBytes: settings.maxFileMb * MB,
      maxPages: settings.maxPages,
      timeBudgetMs: settings.timeBudgetSeconds * 1000,
    },
    mode: effectiveMode(settings),
    providerConcurrency: settings.providerConcurrency,
    maxAttempts: settings.maxAttempts,
    dailyTokenBudget: settings.dailyTokenBudget,
    requestsPerHour: settings.requestsPerHour,
    usageStore,
  };
}

/**
 * Settings the running engine was built with and cannot change in place. The provider and
 * extractor mode change at once (setAi); retention and lock belong to the renderer.
 */
export const RESTART_SETTINGS: ReadonlySet<keyof Settings> = new Set<keyof Settings>([
  'cpuThreads',
  'maxFileMb',
  'maxPages',
  'timeBudgetSeconds',
  'providerConcurrency',
  'maxAttempts',
  'dailyTokenBudget',
  'requestsPerHour',
]);
