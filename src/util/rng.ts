/**
 * Seeded randomness
 * =================
 *
 * The only source of randomness in the pipeline: mulberry32, a small fast 32-bit generator
 * (Tommy Ettinger's public-domain design). Same seed, same sequence, on every platform.
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
