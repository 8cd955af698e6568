/**
 * Reference model of one API Gateway throttle (reference §7): "token bucket — capacity burstLimit, refill
 * rateLimit/s (fractional allowed), 1 token per request", starting full. Written as the Generic Cell Rate
 * Algorithm (ITU-T I.371, virtual scheduling), which admits exactly the requests such a bucket admits, so it
 * shares no arithmetic with runtime/throttle/: a request at time t is refused when the theoretical arrival time
 * TAT lies beyond t + τ, τ = (burstLimit - 1) emission intervals; an admitted request moves TAT one emission
 * interval (1 / rateLimit s) past max(t, TAT).
 *
 * Exact in integers: rates are multiples of 1/1000 request/s (R = rateLimit × 1000), and every time is scaled by
 * R, so the emission interval is 10^6 scaled units.
 */
export interface ModelLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** One bucket of the model: whether a request at `t` (whole ms) would be admitted, and taking it. */
export class GcraModel {
  readonly #rate: bigint;
  readonly #burst: number;
  #tat: bigint | undefined;
  #admittedAtZeroRate = 0;

  constructor(limits: ModelLimits) {
    this.#rate = BigInt(Math.round(limits.rateLimit * 1000));
    this.#burst = limits.burstLimit;
  }

  /** True when a request at `t` finds a token. */
  allows(t: number): boolean {
    if (this.#burst === 0) return false;
    // No refill: the bucket holds its first burst and nothing after.
    if (this.#rate === 0n) return this.#admittedAtZeroRate < this.#burst;
    const now = BigInt(t) * this.#rate;
    const tat = this.#tat ?? now;
    const tolerance = BigInt(this.#burst - 1) * 1_000_000n;
    return tat <= now + tolerance;
  }

  /** Records an admitted request at `t` (call only after `allows(t)`). */
  take(t: number): void {
    if (this.#rate === 0n) {
      this.#admittedAtZeroRate++;
      return;
    }
    const now = BigInt(t) * this.#rate;
    const tat = this.#tat ?? now;
    this.#tat = (tat > now ? tat : now) + 1_000_000n;
  }
}

/**
 * Layers of buckets as API Gateway applies them (reference §7, plan-method → plan → stage-method → stage →
 * account): a request is admitted when every layer has a token, and then takes one from each. Returns, for each
 * request time, the index of the first layer that refused it, or -1.
 */
export function modelThrottle(layers: readonly ModelLimits[], times: readonly number[]): number[] {
  const models = layers.map((l) => new GcraModel(l));
  return times.map((t) => {
    const refused = models.findIndex((m) => !m.allows(t));
    if (refused < 0) for (const m of models) m.take(t);
    return refused;
  });
}
