import { cosTurns, exactLog, sinTurns } from './exactMath';
import { engineError } from './problem';

/**
 * A seeded pseudo-random source. Every random choice in the engine takes one explicitly, so a seed in a
 * link reproduces the same numbers, bit for bit, in every JavaScript engine (integer arithmetic and
 * exactMath only).
 */
export interface Rng {
  /** Uniform on [0, 1) with 32 random bits: k / 2³² for k ∈ {0, …, 2³² − 1}. */
  next(): number;
  /** An unsigned 32-bit integer, uniform on {0, …, 2³² − 1}. */
  uint32(): number;
  /**
   * A standard normal N(0, 1) sample by Box–Muller: with u₁ ∈ (0, 1], u₂ ∈ [0, 1),
   *   z₀ = √(−2 ln u₁)·cos(2πu₂),  z₁ = √(−2 ln u₁)·sin(2πu₂);
   * z₀ is returned now and z₁ on the next call. |z| ≤ √(64 ln 2) ≈ 6.66 since u₁ ≥ 2⁻³².
   */
  normal(): number;
}

/**
 * The stream numbers the lab uses for one seed, so each random choice has its own sequence: changing the
 * noise level then jitters the same clean points, and changing the data size leaves the weights alone.
 */
export const RNG_STREAMS = { data: 0, init: 1, noise: 2, directions: 3 } as const;

/** splitmix32 finaliser: a bijective 32-bit mix, so nearby seeds give unrelated states. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand),
 * seeded from `seed` and `stream` through splitmix32 and warmed up by 15 draws.
 * `seed` is any safe integer (taken modulo 2³²); `stream` (default 0) selects an independent sequence for
 * the same seed (see RNG_STREAMS).
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed)) engineError(`rng seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(stream)) engineError(`rng stream must be a safe integer, got ${stream}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let a = mix32(lo);
  let b = mix32(a ^ hi);
  let c = mix32(b ^ (stream >>> 0));
  let d = 1; // the counter; sfc32 is never stuck in a short cycle while it counts
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) uint32();

  let spare = 0;
  let hasSpare = false;
  return {
    uint32,
    next: () => uint32() / 4294967296,
    normal() {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      const u1 = (uint32() + 1) / 4294967296;
      const u2 = uint32() / 4294967296;
      const r = Math.sqrt(-2 * exactLog(u1));
      spare = r * sinTurns(u2);
      hasSpare = true;
      return r * cosTurns(u2);
    },
  };
}
