import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosTurns, exactExp, exactLog, exactLog1p, exactTanh, sinTurns } from '../../../src/engine/exactMath';

/** |a − b| in units of b's last place (relative to b·ε, so subnormal b compare exactly). */
const ulps = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / (Math.abs(b) * Number.EPSILON));

describe('exactLog', () => {
  it('is within 2 ulp of Math.log from subnormals to the largest double', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        const want = Math.log(x);
        if (want === 0) expect(exactLog(x)).toBe(0);
        else expect(ulps(exactLog(x), want)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 5000 },
    );
  });

  it('is exact where the answer is: ln 1 = 0, and handles 0, negatives, NaN and Infinity like Math.log', () => {
    expect(exactLog(1)).toBe(0);
    expect(exactLog(0)).toBe(-Infinity);
    expect(exactLog(-1)).toBeNaN();
    expect(exactLog(NaN)).toBeNaN();
    expect(exactLog(Infinity)).toBe(Infinity);
    expect(exactLog(2)).toBe(Math.LN2);
  });
});

describe('sinTurns and cosTurns', () => {
  it('agree with Math.sin(2πt) and Math.cos(2πt) to 1e−15 on one turn', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (t) => {
        expect(Math.abs(sinTurns(t) - Math.sin(2 * Math.PI * t))).toBeLessThan(1e-15);
        expect(Math.abs(cosTurns(t) - Math.cos(2 * Math.PI * t))).toBeLessThan(1e-15);
      }),
      { numRuns: 5000 },
    );
  });

  it('are exact at quarter turns, where 2π·t in floating point is not', () => {
    expect([0, 0.25, 0.5, 0.75, 1, -0.25, 3.5].map(sinTurns)).toEqual([0, 1, 0, -1, 0, -1, 0]);
    expect([0, 0.25, 0.5, 0.75, 1, -0.5, 7].map(cosTurns)).toEqual([1, 0, -1, 0, 1, -1, 1]);
  });

  it('keep sin² + cos² = 1 to rounding and are periodic in whole turns', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (t) => {
        expect(sinTurns(t) ** 2 + cosTurns(t) ** 2).toBeCloseTo(1, 15);
      }),
    );
    expect(sinTurns(0.125 + 5)).toBe(sinTurns(0.125));
    expect(cosTurns(0.375 - 3)).toBe(cosTurns(0.375));
  });

  it('return NaN for non-finite angles', () => {
    expect(sinTurns(Infinity)).toBeNaN();
    expect(cosTurns(NaN)).toBeNaN();
  });
});

describe('exactTanh', () => {
  it('is within 4 ulp of Math.tanh over the whole range', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const want = Math.tanh(x);
        if (want === 0) expect(exactTanh(x)).toBe(want);
        else expect(ulps(exactTanh(x), want)).toBeLessThanOrEqual(4);
      }),
      { numRuns: 20000 },
    );
  });

  it('matches correctly rounded values at known points', () => {
    // tanh(0.5), tanh(1.5), tanh(3.7) to 60 digits, rounded to double.
    expect(ulps(exactTanh(0.5), 0.46211715726000974)).toBeLessThanOrEqual(2);
    expect(ulps(exactTanh(1.5), 0.9051482536448664)).toBeLessThanOrEqual(2);
    expect(ulps(exactTanh(3.7), 0.9987782412811312)).toBeLessThanOrEqual(2);
  });

  it('is odd, returns tiny arguments unchanged and saturates to exactly ±1', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(exactTanh(-x)).toBe(-exactTanh(x));
      }),
    );
    expect(exactTanh(1e-300)).toBe(1e-300);
    expect(Object.is(exactTanh(-0), -0)).toBe(true);
    expect(exactTanh(19.5)).toBe(1);
    expect(exactTanh(-1e308)).toBe(-1);
    expect(exactTanh(Infinity)).toBe(1);
    expect(exactTanh(NaN)).toBeNaN();
  });
});

/** Distance in units in the last place between two doubles of the same sign. */
function ulpDistance(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const d = i[0]! - i[1]!;
  return Number(d < 0n ? -d : d);
}

describe('exactExp', () => {
  it('is within 1 ulp of Math.exp from underflow to overflow', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -745 + (1454.7 * i) / 200_000;
      const want = Math.exp(x);
      if (want === 0 || want < 2.3e-308) continue;
      worst = Math.max(worst, ulpDistance(exactExp(x), want));
    }
    for (let i = 0; i <= 100_000; i++) {
      const x = -2 + (4 * i) / 100_000 + 1e-9 * (i % 7);
      worst = Math.max(worst, ulpDistance(exactExp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('is exact where the answer is, and handles the special values like Math.exp', () => {
    expect(exactExp(0)).toBe(1);
    expect(exactExp(-0)).toBe(1);
    expect(exactExp(Infinity)).toBe(Infinity);
    expect(exactExp(-Infinity)).toBe(0);
    expect(exactExp(NaN)).toBeNaN();
    expect(exactExp(710)).toBe(Infinity);
    expect(exactExp(-746)).toBe(0);
    expect(ulpDistance(exactExp(1), Math.E)).toBeLessThanOrEqual(1);
    // Subnormal results are rounded once.
    expect(ulpDistance(exactExp(-740), Math.exp(-740))).toBeLessThanOrEqual(1);
    expect(exactExp(709.78)).toBeGreaterThan(1.79e308);
  });
});

describe('exactLog1p', () => {
  it('is within 4 ulp of Math.log1p, tiny arguments included', () => {
    let worst = 0;
    for (let i = 1; i <= 100_000; i++) {
      for (const x of [i * 1e-5, -i * 0.99e-5, i * 1e-20, Math.exp(-40 * (i / 100_000))]) worst = Math.max(worst, ulpDistance(exactLog1p(x), Math.log1p(x)));
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect(exactLog1p(0)).toBe(0);
    expect(exactLog1p(-1)).toBe(-Infinity);
    expect(exactLog1p(Infinity)).toBe(Infinity);
  });
});
