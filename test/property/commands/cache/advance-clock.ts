import type fc from "fast-check";
import type { CacheWorldModel, CacheWorldReal } from "./fixture.js";

/** Moves the gateway's clock and the model's forward by the same `ms` (time only moves forward). */
export class AdvanceClockCommand implements fc.AsyncCommand<CacheWorldModel, CacheWorldReal> {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: CacheWorldModel, real: CacheWorldReal): Promise<void> {
    model.cache.advance(this.ms);
    real.clock.advance(this.ms);
  }

  toString(): string {
    return `advance ${this.ms} ms`;
  }
}
