import type { EngineEvent } from '../contract/job';
import { log } from '../log/logger';

/**
 * Listeners for engine events. A listener that throws is logged and skipped: one broken
 * window must not stop the engine or the other listeners.
 */
export class EngineEvents {
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        log.warn('engine: event listener threw', { event: event.type, error: (err as Error)?.name ?? 'unknown' });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
