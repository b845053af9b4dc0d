/**
 * A waiting line ordered by rank (higher first), first-come first-served among equal
 * ranks. Entries are never moved: a job that is prioritised or cancelled simply leaves a
 * stale entry behind, which the reader skips. Cheap enough to hold ten thousand jobs.
 */
export class RankedLine<T> {
  private items: { value: T; rank: number }[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(value: T, rank: number): void {
    const items = this.items;
    if (this.size === 0) {
      this.items = [{ value, rank }];
      this.head = 0;
      return;
    }
    // Plain submissions rank below everything before them: the common case appends.
    if (items[items.length - 1]!.rank >= rank) {
      items.push({ value, rank });
      return;
    }
    this.compact();
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.rank >= rank) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, { value, rank });
  }

  shift(): { value: T; rank: number } | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head]!;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head > this.items.length / 2) {
      this.compact();
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}
