import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LivePath } from '../../../src/bridge/live';
import { PARAM_LIMIT } from '../../../src/url/table';
import { dataDomain } from '../../../src/views/dataPlot/dataDomain';
import { fitWindow } from '../../../src/views/fitWindow';
import { DECADES, lossAxis } from '../../../src/views/lossChart/lossAxis';
import { boxHeight } from '../../../src/views/surface3d/pathSegments';
import { HEIGHT, sceneMap } from '../../../src/views/surface3d/sceneMap';
import { windowExit } from '../../../src/views/windowExit';

const path = (rows: number[][], loss: number[] = rows.map(() => 1)): LivePath => ({
  params: Float64Array.from(rows.flat()),
  loss: Float64Array.from(loss),
  length: rows.length,
  status: { kind: 'finished' },
  offPlane: null,
  run: 1,
});

describe('windowExit', () => {
  it('finds the first row outside the window and where its step crosses the border', () => {
    const p = path([[0, 0], [4, 1], [10, 4], [0, 0]]);
    expect(windowExit(p.params, p.length, [-6, 6, -6, 6])).toEqual({ step: 2, x: 6, y: 2, f: 1 / 3 });
  });

  it('is null for a path inside the window, and pins a start outside it to the border', () => {
    expect(windowExit(path([[0, 0], [5, -5]]).params, 2, [-6, 6, -6, 6])).toBeNull();
    expect(windowExit(path([[-8, -2], [0, 0]]).params, 2, [-6, 6, -6, 6])).toEqual({ step: 0, x: -6, y: -2, f: 0 });
  });

  it('always puts the crossing on the window, however far the step', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b, c, d) => {
        const e = windowExit(Float64Array.of(a, b, c, d), 2, [-6, 6, -6, 6]);
        if (Math.abs(c) <= 6 && Math.abs(d) <= 6) expect(e).toBeNull();
        else {
          expect(e!.step).toBe(1);
          expect(Math.max(Math.abs(e!.x), Math.abs(e!.y))).toBeCloseTo(6, 9);
        }
      }),
    );
  });
});

describe('fitWindow', () => {
  it('holds the start and every row with a margin, inside the bounds a link allows', () => {
    const [w0, w1, b0, b1] = fitWindow([path([[-2, -2], [64, 20], [60, 19]])], [-2, -2]);
    expect(w0).toBeLessThan(-2);
    expect(w1).toBeGreaterThan(64);
    expect(b0).toBeLessThan(-2);
    expect(b1).toBeGreaterThan(20);
    const far = fitWindow([path([[0, 0], [5e5, -9e5]])], [0, 0]);
    expect(far.every((v) => Math.abs(v) <= PARAM_LIMIT)).toBe(true);
    expect(far[0]).toBeLessThan(far[1]);
    expect(far[2]).toBeLessThan(far[3]);
  });
});

describe('lossAxis', () => {
  const run = path([[0, 0], [0, 0], [0, 0], [0, 0]], [0.6, 1e-3, 1e-12, 1e-32]);
  it('clips a log axis DECADES below its top unless all decades are asked for, and labels the top', () => {
    const a = lossAxis([run], { linear: false, all: false });
    expect(a.hi).toBe(0);
    expect(a.lo).toBe(-DECADES);
    expect(a.clipped).toBe(true);
    expect(a.ticks[0]).toBe(a.hi);
    expect(lossAxis([run], { linear: false, all: true }).lo).toBe(-32);
  });

  it('runs a linear axis from 0 to the largest loss', () => {
    const a = lossAxis([run], { linear: true, all: false });
    expect([a.lo, a.hi]).toEqual([0, 0.6]);
  });
});

describe('boxHeight and dataDomain', () => {
  it('clamps a path height into the box of the surface’s loss range and says when it did', () => {
    const m = sceneMap({ range: [-1, 1, -1, 1], min: 1, max: 2 });
    expect(boxHeight(m, 1.5).clamped).toBe(false);
    for (const L of [1e30, 0, -5, NaN]) {
      const h = boxHeight(m, L);
      expect(h.y - 0.012).toBeGreaterThanOrEqual(0);
      expect(h.y - 0.012).toBeLessThanOrEqual(HEIGHT);
    }
    expect(boxHeight(m, 1e30).clamped).toBe(true);
  });

  it('fits the data plot’s y axis to the points, at least [0, 1]', () => {
    expect(dataDomain([{ x: 0, y: 0.5 }]).y).toEqual([-0.1, 1.1]);
    const d = dataDomain([{ x: 0, y: -1 }, { x: 1, y: 2 }]);
    expect(d.y[0]).toBeLessThan(-1);
    expect(d.y[1]).toBeGreaterThan(2);
  });
});
