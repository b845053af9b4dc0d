import type { Now } from './clock';

/**
 * At most one emission per key per `intervalMs`; updates in between are coalesced into one
 * trailing emission of the latest state. Urgent updates (a status change) go out at once,
 * so a listener never misses a job starting, finishing or failing.
 */
export class KeyedThrottle {
  private readonly slots = new Map<string, { last: number; timer: ReturnType<typeof setTimeout> | null }>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: Now,
    private readonly emit: (key: string) => void,
  ) {}

  notify(key: string, urgent = false): void {
    const slot = this.slots.get(key);
    const t = this.now();
    if (urgent || !slot || (slot.timer === null && t - slot.last >= this.intervalMs)) {
      if (slot?.timer) clearTimeout(slot.timer);
      this.slots.set(key, { last: t, timer: null });
      this.emit(key);
      return;
    }
    if (slot.timer !== null) return;
    this.arm(key, slot, Math.max(0, slot.last + this.intervalMs - t));
  }

  private arm(key: string, slot: { last: number; timer: ReturnType<typeof setTimeout> | null }, wait: number): void {
    slot.timer = setTimeout(() => {
      const early = slot.last + this.intervalMs - this.now();
      // Timers may fire a millisecond before the clock agrees: never beat the interval.
      if (early > 0) {
        this.arm(key, slot, early);
        return;
      }
      slot.timer = null;
      slot.last = this.now();
      this.emit(key);
    }, wait);
  }

  /** Drops a key's pending emission (the job ended or was removed). */
  forget(key: string): void {
    const slot = this.slots.get(key);
    if (slot?.timer) clearTimeout(slot.timer);
    this.slots.delete(key);
  }

  clear(): void {
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.slots.clear();
  }
}
