/**
 * The fast-check seed (STYLE.md §8): from GWC_SEED, which test/run.mjs always sets (choosing and
 * printing one when it is unset); a test file run on its own needs it when CI=true. Tests print it
 * in their describe title so a failure can be replayed with GWC_SEED=<seed>.
 */
export function testSeed(): number {
  const text = process.env.GWC_SEED;
  if (process.env.CI === "true" && text === undefined) throw new Error("GWC_SEED is required when CI=true");
  return text === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(text);
}
