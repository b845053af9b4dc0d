export { createEngine, ENGINE_DEFAULTS } from './engine';
export type { DocumentSource, Engine, EngineOptions, SubmitDocument, UsageStore } from './types';
