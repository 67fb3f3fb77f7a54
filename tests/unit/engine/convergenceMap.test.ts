import { describe, expect, it } from 'vitest';
import { convergenceMap, mapAxes, mapBands, mapCell, mapCells, mapEdge, mapRefusal, mapRows, MAP_STATUSES, type MapSpec } from '../../../src/engine/convergenceMap';
import { runToEnd, type RunStatus } from '../../../src/engine/run';
import { theoryAt } from '../../../src/engine/theory';
import { rotatedQuadratic } from '../support/rotatedQuadratic';

const GLOBALS = { eta: 1, gamma: 0.9 };
const q = rotatedQuadratic(1, 10, 30);
const START = [1, -0.7];
const spec = (optimizer: string, eta: number, size = 16, steps = 3000): MapSpec => ({ problem: q, run: { optimizer, settings: { eta } }, globals: GLOBALS, start: START, steps, size });

describe('convergence map axes', () => {
  it('η log-spaced over [η·10⁻², η·10^1.5], γ from 0 to 0.99; one row without γ', () => {
    const a = mapAxes({ optimizer: 'momentum', settings: { eta: 1 } }, GLOBALS, 8);
    expect(a.etas[0]).toBeCloseTo(0.01, 15);
    expect(a.etas[7]).toBeCloseTo(10 ** 1.5, 12);
    for (let c = 1; c < 7; c++) expect(Math.log10(a.etas[c + 1]! / a.etas[c]!)).toBeCloseTo(0.5, 12);
    expect(Array.from(a.gammas!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((r) => (r / 7) * 0.99));
    expect(a.gammas![7]).toBe(0.99);
    expect([a.rows, a.cols, a.eta, a.gamma]).toEqual([8, 8, 1, 0.9]);
    const gd = mapAxes({ optimizer: 'gd', settings: {} }, { eta: 0.3, gamma: 0.9 }, 8);
    expect([gd.rows, gd.gammas, gd.gamma, gd.eta]).toEqual([1, null, null, 0.3]);
  });

  it('the window is shifted, not narrowed, to stay within the η bounds 10⁻⁴ … 1000', () => {
    const low = mapAxes({ optimizer: 'gd', settings: { eta: 1e-4 } }, GLOBALS, 8);
    expect(low.etas[0]).toBe(1e-4);
    expect(Math.log10(low.etas[7]!)).toBeCloseTo(-0.5, 12);
    const high = mapAxes({ optimizer: 'nesterov', settings: { eta: 1000 } }, GLOBALS, 8);
    expect(high.etas[7]).toBe(1000);
    expect(Math.log10(high.etas[0]!)).toBeCloseTo(-0.5, 12);
  });

  it('refuses an optimizer without η and a bad size', () => {
    expect(mapRefusal({ optimizer: 'rprop', settings: {} })).toMatch(/rprop has no η/);
    expect(mapRefusal({ optimizer: 'newton', settings: {} })).toBeNull();
    expect(() => mapAxes({ optimizer: 'rprop', settings: {} }, GLOBALS, 8)).toThrow(/no η/);
    expect(() => mapAxes({ optimizer: 'gd', settings: {} }, GLOBALS, 1)).toThrow(/size/);
    expect(() => mapAxes({ optimizer: 'gd', settings: {} }, GLOBALS, 2.5)).toThrow(/size/);
    expect(() => mapRows(spec('gd', 1), 0, 2)).toThrow(/rows/);
  });

  it('row bands cover every row once, about four per worker', () => {
    for (const [rows, workers] of [[16, 2], [64, 2], [64, 4], [1, 2], [3, 8]] as const) {
      const bands = mapBands(rows, workers);
      expect(bands[0]![0]).toBe(0);
      expect(bands[bands.length - 1]![1]).toBe(rows);
      for (let k = 1; k < bands.length; k++) expect(bands[k]![0]).toBe(bands[k - 1]![1]);
      expect(bands.length).toBe(Math.min(rows, 4 * workers));
    }
  });
});

describe('convergence map cells', () => {
  it('maps run statuses: converged and diverged keep their step, plateau is stuck, the rest not converged', () => {
    const cases: [RunStatus, ReturnType<typeof mapCell>][] = [
      [{ kind: 'converged', step: 12 }, { status: 'converged', step: 12 }],
      [{ kind: 'diverged', step: 40, reason: 'params-exploded' }, { status: 'diverged', step: 40 }],
      [{ kind: 'plateau', step: 7 }, { status: 'plateau', step: null }],
      [{ kind: 'saddle', step: 7 }, { status: 'not-converged', step: null }],
      [{ kind: 'stopped', step: 3, reason: 'hessian-singular' }, { status: 'not-converged', step: null }],
      [{ kind: 'finished' }, { status: 'not-converged', step: null }],
    ];
    for (const [status, want] of cases) expect(mapCell(status)).toEqual(want);
  });

  it('each cell is the run with that (η, γ) and the run\'s other settings', () => {
    const s: MapSpec = { ...spec('momentum', 0.1, 6, 500), run: { optimizer: 'momentum', settings: { eta: 0.1, clip: 2 } } };
    const { axes, band } = convergenceMap(s);
    const cells = mapCells(axes, band);
    expect(cells).toHaveLength(36);
    for (const k of [0, 7, 20, 35]) {
      const c = cells[k]!;
      const r = runToEnd({ problem: q, run: { optimizer: 'momentum', settings: { eta: c.eta, gamma: c.gamma!, clip: 2 } }, globals: GLOBALS, start: START, steps: 500 });
      expect({ status: c.status, step: c.step }).toEqual(mapCell(r.status));
      expect(c.loss).toBe(r.trajectory.loss[r.trajectory.length - 1]);
    }
  });

  it('rows computed in bands equal the whole map', () => {
    const s = spec('nesterov', 0.1, 8, 400);
    const whole = convergenceMap(s).band;
    const parts = [mapRows(s, 0, 3), mapRows(s, 3, 4), mapRows(s, 4, 8)];
    expect(parts.flatMap((p) => Array.from(p.status))).toEqual(Array.from(whole.status));
    expect(parts.flatMap((p) => Array.from(p.step))).toEqual(Array.from(whole.step));
    expect(parts.flatMap((p) => Array.from(p.loss))).toEqual(Array.from(whole.loss));
  });

  for (const optimizer of ['gd', 'momentum', 'nesterov']) {
    it(`${optimizer} on a quadratic: diverged beyond the theory's bound, never inside it (10 % from the edge)`, () => {
      const { axes, band } = convergenceMap(spec(optimizer, 0.1));
      let converged = 0;
      let inside = 0;
      let outside = 0;
      for (const c of mapCells(axes, band)) {
        const bound = theoryAt({ problem: q, theta: START, run: { optimizer, settings: c.gamma === null ? {} : { gamma: c.gamma } } }).run!.maxEta!;
        const where = `η=${c.eta} γ=${c.gamma} bound=${bound}`;
        expect(c.status, where).not.toBe('plateau');
        if (c.eta < 0.9 * bound) {
          inside++;
          expect(c.status, where).not.toBe('diverged');
          if (c.status === 'converged') {
            converged++;
            expect(c.step!).toBeGreaterThan(0);
            expect(c.loss).toBeLessThan(1e-8);
          }
        } else if (c.eta > 1.1 * bound) {
          outside++;
          expect(c.status, where).toBe('diverged');
          expect(c.step!).toBeGreaterThan(0);
        }
      }
      expect(inside).toBeGreaterThan(axes.rows * 4);
      expect(outside).toBeGreaterThan(axes.rows * 2);
      expect(converged).toBeGreaterThan(inside / 3);
    });
  }

  it('the edge per row is the module\'s bound for that row\'s γ (the curve drawn over the map)', () => {
    const eig = { min: 1, max: 10 };
    const axes = mapAxes({ optimizer: 'momentum', settings: { eta: 0.1 } }, GLOBALS, 4);
    const edge = mapEdge(axes, { optimizer: 'momentum', settings: { eta: 0.1 } }, GLOBALS, eig);
    expect(edge).toHaveLength(4);
    edge.forEach((x, r) => expect(x!).toBeCloseTo((2 + 2 * axes.gammas![r]!) / 10, 14));
    const nes = mapEdge(axes, { optimizer: 'nesterov', settings: {} }, GLOBALS, eig);
    nes.forEach((x, r) => expect(x!).toBeCloseTo((2 + 2 * axes.gammas![r]!) / ((1 + 2 * axes.gammas![r]!) * 10), 14));
    const gdAxes = mapAxes({ optimizer: 'gd', settings: {} }, GLOBALS, 4);
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: {} }, GLOBALS, eig)).toEqual([0.2]);
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: {} }, GLOBALS, { min: -1, max: -0.5 })).toEqual([null]);
    // A saddle: the upward direction has a bound, but no η converges to the point, so no edge is drawn.
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: {} }, GLOBALS, { min: -1, max: 1 })).toEqual([null]);
    expect(mapEdge(axes, { optimizer: 'momentum', settings: { eta: 0.1 } }, GLOBALS, { min: -1, max: 10 })).toEqual([null, null, null, null]);
    // The bounds are for fixed-η, raw-gradient steps: none for a run with a schedule or clipping.
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: { decay: 'inv' } }, GLOBALS, eig)).toEqual([null]);
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: { clip: 1 } }, GLOBALS, eig)).toEqual([null]);
    // An eigenvalue within round-off of 0 is flat, not curving down: the edge stays.
    expect(mapEdge(gdAxes, { optimizer: 'gd', settings: {} }, GLOBALS, { min: -1e-9, max: 10 })).toEqual([0.2]);
    expect(mapEdge(mapAxes({ optimizer: 'quickprop', settings: {} }, GLOBALS, 4), { optimizer: 'quickprop', settings: {} }, GLOBALS, eig)).toEqual([null]);
  });

  it('statuses are the documented four', () => {
    expect([...MAP_STATUSES]).toEqual(['converged', 'diverged', 'plateau', 'not-converged']);
  });
});
