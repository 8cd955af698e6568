import type { Clock } from "../../runtime/clock.js";

/** A clock that moves only when a test says so (STYLE.md §8: time is always virtual in tests). */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.#now += ms;
  }
}
