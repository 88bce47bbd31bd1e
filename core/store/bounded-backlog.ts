/**
 * A FIFO queue with a hard capacity: pushing into a full queue drops the oldest item and
 * counts it. Taking from the front and putting a failed batch back are both amortised O(1)
 * per item, so a writer that keeps failing under load does not turn every push into a copy.
 */
export class BoundedBacklog<T> {
  readonly capacity: number;
  #items: T[] = [];
  #head = 0;
  #dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Items discarded so far because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  push(item: T): void {
    this.#items.push(item);
    this.#trimToCapacity();
  }

  /** Removes and returns up to `max` items from the front (oldest first). */
  take(max: number): T[] {
    const end = Math.min(this.#head + Math.max(0, max), this.#items.length);
    const out = this.#items.slice(this.#head, end);
    this.#head = end;
    this.#compact();
    return out;
  }

  /** Puts items back in front, as the oldest; beyond capacity the oldest are dropped. */
  restore(items: readonly T[]): void {
    if (items.length === 0) return;
    this.#items = [...items, ...this.#items.slice(this.#head)];
    this.#head = 0;
    this.#trimToCapacity();
  }

  #trimToCapacity(): void {
    const excess = this.size - this.capacity;
    if (excess > 0) {
      this.#head += excess;
      this.#dropped += excess;
      this.#compact();
    }
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
