/**
 * Request bodies are buffered whole before a call runs (a submit carries a PDF). The limit
 * per request alone let several large uploads at once take the server to gigabytes (4 ×
 * 250 MB reached 2 GB, issue 13), so every buffered byte is also counted against one budget
 * for all requests in flight. A request that would go over it is refused at once; the web
 * client keeps the document queued and sends it again.
 */
export interface BodyBudget {
  /** Counts `bytes` more against the budget; false (nothing counted) when it would go over. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly inUse: number;
}

export function createBodyBudget(limit: number): BodyBudget {
  let inUse = 0;
  return {
    take(bytes) {
      if (inUse + bytes > limit) return false;
      inUse += bytes;
      return true;
    },
    give(bytes) {
      inUse = Math.max(0, inUse - bytes);
    },
    get inUse() {
      return inUse;
    },
  };
}
