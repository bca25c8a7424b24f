/**
 * A seeded pseudo-random generator (mulberry32): the same seed draws the same inputs, so a
 * rerun of a bench measures the same cases. Not for anything but benchmark inputs.
 */
// mulberry32 is 32-bit integer arithmetic: shifts and xors are the algorithm, not a mistake.
/* eslint-disable no-bitwise */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

/** A number drawn uniformly from [low, high). */
export function uniform(random: () => number, low: number, high: number): number {
  return low + (high - low) * random();
}
