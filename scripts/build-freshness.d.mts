/** Types for build-freshness.mjs (a plain script, so that `npm run extract` needs no TypeScript loader). */
export declare const NODE_SOURCES: string[];
export declare function commandEntries(root: string, entry: string): string[];
export declare function newestMtime(path: string): number;
export declare function isStale(root: string, outputs: string[], sources: string[]): boolean;
