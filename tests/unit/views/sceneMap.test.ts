import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sceneMap } from '../../../src/views/surface3d/sceneMap';

const F32_MAX = 3.4028234663852886e38;
const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324, -0));

describe('sceneMap keeps GPU buffers finite', () => {
  it('maps every number, however hostile, to a finite float32 within a few window widths', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, fc.double({ min: -10, max: 10, noNaN: true }), (w, b, L, min) => {
        const m = sceneMap({ range: [-6, 6, -6, 6], min, max: min + 1 });
        for (const v of [m.x(w), m.y(L), m.z(b)]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(4);
          expect(Math.abs(Math.fround(v))).toBeLessThan(F32_MAX);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is the identity on the window: x and z invert back to w and b', () => {
    const m = sceneMap({ range: [-6, 6, -3, 5], min: 0, max: 2 });
    expect(m.w(m.x(1.5))).toBeCloseTo(1.5, 12);
    expect(m.b(m.z(-2))).toBeCloseTo(-2, 12);
    expect(m.x(-6)).toBe(-1);
    expect(m.z(5)).toBe(-1);
  });

  it('a flat or non-finite loss range gives height 0 instead of dividing by zero', () => {
    expect(sceneMap({ range: [-6, 6, -6, 6], min: 1, max: 1 }).y(5)).toBe(0);
    expect(sceneMap({ range: [-6, 6, -6, 6], min: 0, max: Infinity }).y(5)).toBe(0);
  });
});
