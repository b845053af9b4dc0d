// Lets piscina run a TypeScript worker straight from source (tests, `tsx` runs).
// Built bundles point piscina at the compiled worker instead and never load this file.
import { register } from 'tsx/esm/api';
import { workerData } from 'piscina';

register();
const mod = await import(workerData.entry);
export default mod.default;
