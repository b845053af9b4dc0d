/**
 * npm run bench:ai [-- --oracle] — what the AI step gets right and what it costs, per
 * layout and mode, against the oracle server (a model that answers the truth in our
 * schema): see scripts/bench/ai-oracle.ts for the documents, the figures and the options.
 * `--oracle` is accepted for the command the issue names; it is the only mode.
 */
await import('./ai-oracle');
export {};
