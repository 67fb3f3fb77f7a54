import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../../src/url/table';
import { nearestIndex, niceValues } from '../../../src/views/controls/niceScale';

describe('niceValues', () => {
  const eta = niceValues(FIELDS.eta.min, FIELDS.eta.max);
  it('offers the common learning rates exactly, and both bounds', () => {
    for (const v of [1e-4, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 100, 1000]) expect(eta).toContain(v);
    expect(eta[0]).toBe(FIELDS.eta.min);
    expect(eta.at(-1)).toBe(FIELDS.eta.max);
  });
  it('is strictly increasing with steps of at most 12.5 % (each arrow key changes the value, none jumps far)', () => {
    for (let i = 1; i < eta.length; i++) {
      expect(eta[i]!).toBeGreaterThan(eta[i - 1]!);
      expect(eta[i]! / eta[i - 1]!).toBeLessThanOrEqual(1.125);
    }
  });
  it('gives whole numbers for an integer field, 1 to the maximum', () => {
    const steps = niceValues(FIELDS.steps.min, 5000, true);
    expect(steps.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(steps).toContain(1000);
    expect(steps.at(-1)).toBe(5000);
    expect(steps.every(Number.isInteger)).toBe(true);
  });
  it('finds the nearest round value on a log scale', () => {
    expect(eta[nearestIndex(eta, 0.5)]).toBe(0.5);
    expect(eta[nearestIndex(eta, 0.37)]).toBe(0.36);
    expect(eta[nearestIndex(eta, 2e-4)]).toBe(2e-4);
  });
  it('agrees with a scan of every value (the lower one on a tie), in and out of the range', () => {
    const scan = (values: readonly number[], v: number) => {
      let best = 0;
      for (let i = 1; i < values.length; i++) if (Math.abs(Math.log(values[i]! / v)) < Math.abs(Math.log(values[best]! / v))) best = i;
      return best;
    };
    const steps = niceValues(1, 5000, true);
    fc.assert(
      fc.property(fc.double({ min: 1e-8, max: 1e5, noNaN: true }), fc.boolean(), (v, integer) => {
        const values = integer ? steps : eta;
        expect(nearestIndex(values, v)).toBe(scan(values, v));
      }),
      { numRuns: 2000 },
    );
    // Every value maps to itself, and the geometric midpoint of two neighbours to the lower one.
    eta.forEach((v, i) => expect(nearestIndex(eta, v)).toBe(i));
    for (let i = 1; i < steps.length; i += 7) expect(nearestIndex(steps, Math.sqrt(steps[i - 1]! * steps[i]!))).toBe(scan(steps, Math.sqrt(steps[i - 1]! * steps[i]!)));
  });
});
