import fc from 'fast-check';
import { expect, it } from 'vitest';
import { BASE_FOV, FIT_ASPECT, fovFor } from '../../../src/views/surface3d/FitFov';

const hfov = (fov: number, aspect: number) => 2 * Math.atan(Math.tan((fov * Math.PI) / 360) * aspect);

it('keeps 40° in a wide panel and, in a narrower one, the horizontal field of view of the widest that has 40°', () => {
  expect(fovFor(1.6)).toBe(BASE_FOV);
  expect(fovFor(FIT_ASPECT)).toBe(BASE_FOV);
  expect(fovFor(0.9)).toBeGreaterThan(BASE_FOV);
  fc.assert(
    fc.property(fc.double({ min: 0.2, max: FIT_ASPECT, noNaN: true, maxExcluded: true }), (a) => {
      expect(hfov(fovFor(a), a)).toBeCloseTo(hfov(BASE_FOV, FIT_ASPECT), 10);
      expect(fovFor(a)).toBeLessThan(180);
    }),
  );
  expect(fovFor(0)).toBe(BASE_FOV);
  expect(fovFor(NaN)).toBe(BASE_FOV);
});
