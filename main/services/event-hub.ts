import { log } from '../core/log/logger';

/**
 * Fan-out from the engine to every transport (the window, each WebSocket, the taskbar).
 * One listener failing, e.g. a closed window, must not stop the others hearing.
 */
export interface EventHub<T> {
  emit(event: T): void;
  subscribe(listener: (event: T) => void): () => void;
  readonly size: number;
}

export function createEventHub<T>(): EventHub<T> {
  const listeners = new Set<(event: T) => void>();
  return {
    emit(event) {
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch (err) {
          log.warn('event listener failed', { err: err instanceof Error ? err.name : typeof err });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get size() {
      return listeners.size;
    },
  };
}
