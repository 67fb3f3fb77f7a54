import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { clipGradient } from '../../../src/engine/transforms/clipGradient';
import { quadratic, rowAt, run } from '../support/problems';

/** A problem whose gradient is the fixed vector g everywhere (L = g·θ). */
function linear(g: readonly number[]): Problem {
  const loss = (t: Float64Array) => g.reduce((s, gi, i) => s + gi * t[i]!, 0);
  return { paramCount: g.length, loss, lossAndGrad: (t, out) => (out.set(g), loss(t)) };
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const vec = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 6 });
const clip = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

describe('clipGradient', () => {
  it('gives a gradient of norm min(‖g‖, c) in the same direction, and the same loss', () => {
    fc.assert(
      fc.property(vec, clip, (g, c) => {
        const p = clipGradient(linear(g), c);
        const theta = Float64Array.from(g, (_, i) => i + 0.5);
        const out = new Float64Array(g.length);
        expect(p.lossAndGrad(theta, out)).toBe(linear(g).loss(theta));
        expect(p.loss(theta)).toBe(linear(g).loss(theta));
        const n = norm(g);
        expect(Math.abs(norm(out) - Math.min(n, c))).toBeLessThanOrEqual(1e-12 * Math.max(n, c));
        if (n <= c) expect(Array.from(out)).toEqual(g);
        else {
          // Same direction: out = s·g with s = c/‖g‖ > 0 in every component.
          g.forEach((gi, i) => expect(Math.abs(out[i]! - (gi * c) / n)).toBeLessThanOrEqual(1e-12 * c));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a zero gradient zero and returns the problem itself for c = ∞', () => {
    const out = Float64Array.of(5, 5);
    clipGradient(linear([0, 0]), 1).lossAndGrad(Float64Array.of(1, 1), out);
    expect(Array.from(out)).toEqual([0, 0]);
    const p = linear([1, 2]);
    expect(clipGradient(p, Infinity)).toBe(p);
  });

  it('a gd run with clip c never moves more than η·c per step', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (w, b, eta, c) => {
          const { trajectory: t } = run(p, 'gd', [w, b], 60, { eta, clip: c });
          for (let k = 1; k < t.length; k++) {
            const [a, z] = [rowAt(t, k - 1), rowAt(t, k)];
            // Up to the rounding of θ_{k+1} = θ_k − η·g itself (a few ulps of |θ|).
            const ulps = 4 * Number.EPSILON * Math.max(1, Math.abs(a[0]!), Math.abs(a[1]!));
            expect(Math.hypot(z[0]! - a[0]!, z[1]! - a[1]!)).toBeLessThanOrEqual(eta * c * (1 + 1e-12) + ulps);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('clips every gradient a momentum or nesterov run uses: ‖update_t − γ·update_{t−1}‖ ≤ η·c', () => {
    // update_t = θ_t − θ_{t+1}; the clipped gradient is (update_t − γ·update_{t−1})/η.
    const p = quadratic([30, 4]);
    for (const id of ['momentum', 'nesterov']) {
      const { trajectory: t } = run(p, id, [3, -2], 80, { eta: 0.02, gamma: 0.9, clip: 0.5 });
      let prev = [0, 0];
      let clipped = 0;
      for (let k = 0; k + 1 < t.length; k++) {
        const [a, z] = [rowAt(t, k), rowAt(t, k + 1)];
        const u = [a[0]! - z[0]!, a[1]! - z[1]!];
        const g = Math.hypot(u[0]! - 0.9 * prev[0]!, u[1]! - 0.9 * prev[1]!) / 0.02;
        expect(g, `${id} step ${k}`).toBeLessThanOrEqual(0.5 * (1 + 1e-9));
        if (g > 0.5 * (1 - 1e-9)) clipped++;
        prev = u;
      }
      expect(clipped, id).toBeGreaterThan(0);
    }
  });

  it('with a clip far above every gradient a run is gd bit for bit', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    const a = run(p, 'gd', [-2, -2], 100, { eta: 1 });
    const b = run(p, 'gd', [-2, -2], 100, { eta: 1, clip: 1e6 });
    expect(Array.from(b.trajectory.params)).toEqual(Array.from(a.trajectory.params));
  });
});
