import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlane } from '../../../src/engine/problems/plane/registry';
import { createStepTracer } from '../../../src/engine/stepTrace';
import { patchHalf, stepShapes, taylorPatch } from '../../../src/lab/stepGeometry';
import type { StepView } from '../../../src/lab/stepView';
import { LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';

const neuron = createPlane('sigmoid', {}, LECTURE_DATA);
const viewAt = (optimizer: string, k: number, settings: Record<string, number | string> = {}, start = [-2, -2]): StepView => {
  const trace = createStepTracer({ problem: neuron, run: { optimizer, settings }, globals: { eta: 1, gamma: 0.9 }, start, steps: 200 }).at(k)!;
  return { run: 0, optimizer, step: k, trace };
};
const startArb = fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }));

describe('step overlay geometry', () => {
  it('GD: the arrow starts at θ_t and its tip is the next iterate', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 150 }), (start, k) => {
        const v = viewAt('gd', k, {}, start);
        const [a] = stepShapes(v).arrows;
        if (!a) return; // a zero step draws nothing
        expect(a.from).toEqual([v.trace.before[0], v.trace.before[1]]);
        expect(a.to[0]).toBeCloseTo(v.trace.after![0]!, 12);
        expect(a.to[1]).toBeCloseTo(v.trace.after![1]!, 12);
      }),
      { numRuns: 40 },
    );
  });

  it('momentum: history then gradient term, tip to tail, end where the update does (the next iterate)', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 150 }), (start, k) => {
        const s = stepShapes(viewAt('momentum', k, {}, start));
        const h = s.arrows.find((a) => a.role === 'history');
        const g = s.arrows.find((a) => a.role === 'gradient');
        const u = s.arrows.find((a) => a.role === 'update');
        if (!h || !g || !u) return;
        expect(g.from).toEqual(h.to);
        expect(g.to[0]).toBeCloseTo(u.to[0], 10);
        expect(g.to[1]).toBeCloseTo(u.to[1], 10);
        expect(u.from).toEqual(s.at);
      }),
      { numRuns: 40 },
    );
  });

  it('Nesterov: the look-ahead point is θ_t − γ·update_{t−1} and the gradient arrow starts there', () => {
    const tracer = createStepTracer({ problem: neuron, run: { optimizer: 'nesterov', settings: {} }, globals: { eta: 1, gamma: 0.9 }, start: [-2, -2], steps: 200 });
    const prev = tracer.at(29)!;
    const now = tracer.at(30)!;
    const s = stepShapes({ run: 0, optimizer: 'nesterov', step: 30, trace: now });
    const update = [prev.before[0]! - prev.after![0]!, prev.before[1]! - prev.after![1]!];
    expect(s.lookAhead![0]).toBeCloseTo(now.before[0]! - 0.9 * update[0]!, 12);
    expect(s.lookAhead![1]).toBeCloseTo(now.before[1]! - 0.9 * update[1]!, 12);
    expect(s.arrows.find((a) => a.role === 'gradient')!.from).toEqual(s.lookAhead);
  });

  it('the tangent plane touches the surface at θ_t and has its gradient; the second-order patch has its curvature', () => {
    const v = viewAt('gd', 12);
    const n = 5;
    const half = [0.01, 0.02] as const;
    const lin = taylorPatch(v, 'linear', half, n);
    const quad = taylorPatch(v, 'quadratic', half, n);
    const mid = 2 * n + 2;
    expect(lin[mid]).toBe(v.trace.loss);
    expect(neuron.loss(v.trace.before)).toBe(v.trace.loss);
    // Slopes across the patch are the gradient (a plane: exact).
    expect((lin[mid + 1]! - lin[mid - 1]!) / ((2 * 2 * 0.01) / (n - 1))).toBeCloseTo(v.trace.gradient[0]!, 10);
    expect((lin[mid + n]! - lin[mid - n]!) / ((2 * 2 * 0.02) / (n - 1))).toBeCloseTo(v.trace.gradient[1]!, 10);
    // The second-order patch matches the true loss better than the plane near the point.
    const corner = Float64Array.from([v.trace.before[0]! + half[0], v.trace.before[1]! + half[1]]);
    const truth = neuron.loss(corner);
    expect(Math.abs(quad[n * n - 1]! - truth)).toBeLessThan(Math.abs(lin[n * n - 1]! - truth));
  });

  it('Rprop: the box is Δ around θ_t, and an undone step is drawn as such', () => {
    let sawUndone = false;
    for (let k = 0; k < 100; k++) {
      const v = viewAt('rprop', k);
      const s = stepShapes(v);
      expect(s.box!.half).toEqual([v.trace.probe.delta[0], v.trace.probe.delta[1]]);
      if (s.box!.undone.some(Boolean)) {
        sawUndone = true;
        expect(s.arrows.some((a) => a.role === 'undone')).toBe(true);
      }
    }
    expect(sawUndone).toBe(true);
  });

  it('patches grow with the step but stay between 12 % and 30 % of the window', () => {
    const range = [-6, 6, -6, 6] as const;
    for (const eta of [1e-4, 1, 50]) {
      const [hw, hb] = patchHalf(viewAt('gd', 3, { eta }), range);
      for (const h of [hw, hb]) {
        expect(h).toBeGreaterThanOrEqual(0.12 * 12 - 1e-12);
        expect(h).toBeLessThanOrEqual(0.3 * 12 + 1e-12);
      }
    }
  });

  it('every coordinate it returns is finite, even for a run flung far away', () => {
    const s = stepShapes(viewAt('momentum', 20, { eta: 500, gamma: 0.99 }));
    for (const a of s.arrows) expect([...a.from, ...a.to].every(Number.isFinite)).toBe(true);
  });
});
