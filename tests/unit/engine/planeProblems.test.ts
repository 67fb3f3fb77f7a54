import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../src/engine/linalg';
import { ETA, GAMMA, runProblem, settingProblem, type RunSpec } from '../../../src/engine/optimizers';
import type { Problem } from '../../../src/engine/problem';
import { himmelblauPlane } from '../../../src/engine/problems/plane/himmelblau';
import { plateauPlane } from '../../../src/engine/problems/plane/plateau';
import { quadraticPlane } from '../../../src/engine/problems/plane/quadratic';
import { findPlane, PLANE_IDS, PLANE_PROBLEMS, planeDefaults, type PlaneProblemModule, type PlaneSettings } from '../../../src/engine/problems/plane/registry';
import { rosenbrockPlane } from '../../../src/engine/problems/plane/rosenbrock';
import { wellsPlane } from '../../../src/engine/problems/plane/wells';
import { LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd, type Trajectory } from '../../../src/engine/run';

const dataOf = (m: PlaneProblemModule) => (m.usesData ? LECTURE_DATA : []);
const problemOf = (m: PlaneProblemModule, s: PlaneSettings = planeDefaults(m)) => m.create(s, dataOf(m));

function gradAt(p: Problem, w: number, b: number): { loss: number; g: Float64Array } {
  const g = new Float64Array(2);
  return { loss: p.lossAndGrad(Float64Array.of(w, b), g), g };
}

function hessAt(p: Problem, w: number, b: number): Float64Array {
  const H = new Float64Array(4);
  p.hessian!(Float64Array.of(w, b), H);
  return H;
}

/** Eigenvalues of a symmetric 2 × 2, ascending. */
function eig(H: Float64Array): [number, number] {
  const { values } = symmetricEigen(H, 2);
  return [values[1]!, values[0]!];
}

/** A point inside the module's default window (fast-check). */
const inWindow = (m: PlaneProblemModule) => {
  const [w0, w1, b0, b1] = m.defaults.range;
  return fc.tuple(fc.double({ min: w0, max: w1, noNaN: true }), fc.double({ min: b0, max: b1, noNaN: true }));
};

/** The module's default runs: its own list, or the plain GD, momentum and Nesterov runs. */
const defaultRuns = (m: PlaneProblemModule): readonly RunSpec[] =>
  m.defaults.runs ?? ['gd', 'momentum', 'nesterov'].map((optimizer) => ({ optimizer, settings: {} }));

/** A run of `m` from its defaults (start, η, γ, steps), any of them overridden. */
function runDefault(m: PlaneProblemModule, run: RunSpec, over: { eta?: number; gamma?: number; start?: readonly number[]; steps?: number; settings?: PlaneSettings } = {}) {
  const d = m.defaults;
  return runToEnd({
    problem: problemOf(m, over.settings),
    run,
    globals: { eta: over.eta ?? d.eta, gamma: over.gamma ?? d.gamma },
    start: over.start ?? d.start,
    steps: over.steps ?? d.steps,
  });
}

const last = (t: Trajectory) => ({ w: t.params[2 * (t.length - 1)]!, b: t.params[2 * (t.length - 1) + 1]!, loss: t.loss[t.length - 1]! });
const firstBelow = (t: Trajectory, L: number) => {
  for (let k = 0; k < t.length; k++) if (t.loss[k]! < L) return k;
  return -1;
};
const GD: RunSpec = { optimizer: 'gd', settings: {} };
const MOMENTUM: RunSpec = { optimizer: 'momentum', settings: {} };

describe.each(PLANE_PROBLEMS.map((m) => [m.id, m as PlaneProblemModule] as const))('the plane problem %s', (id, m) => {
  const p = problemOf(m);

  it('is found by its id and has a name, a formula, a lesson and settings with unique keys', () => {
    expect(findPlane(id)).toBe(m);
    expect(PLANE_IDS.filter((x) => x === id)).toHaveLength(1);
    for (const text of [m.name, m.formula, m.lesson]) expect(text.trim().length).toBeGreaterThan(0);
    const keys = m.settings.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(p.paramCount).toBe(2);
    expect(typeof p.hessian).toBe('function');
  });

  it('has valid defaults: settings in their bounds, start inside the window, η and γ in bounds, known runs', () => {
    const d = m.defaults;
    for (const s of m.settings) {
      expect(s.default, s.key).toHaveLength(s.count);
      expect(s.min).toBeLessThan(s.max);
      for (const v of s.default) {
        expect(v, s.key).toBeGreaterThanOrEqual(s.min);
        expect(v, s.key).toBeLessThanOrEqual(s.max);
      }
    }
    expect(m.check?.(planeDefaults(m)) ?? null).toBeNull();
    const [w0, w1, b0, b1] = d.range;
    expect(w0).toBeLessThan(w1);
    expect(b0).toBeLessThan(b1);
    expect(d.start[0]).toBeGreaterThanOrEqual(w0);
    expect(d.start[0]).toBeLessThanOrEqual(w1);
    expect(d.start[1]).toBeGreaterThanOrEqual(b0);
    expect(d.start[1]).toBeLessThanOrEqual(b1);
    expect(settingProblem(ETA, d.eta)).toBeNull();
    expect(settingProblem(GAMMA, d.gamma)).toBeNull();
    expect(Number.isInteger(d.steps) && d.steps >= 1 && d.steps <= 100_000).toBe(true);
    if (d.runs) {
      expect(d.runs.length).toBeGreaterThanOrEqual(1);
      expect(d.runs.length).toBeLessThanOrEqual(8);
    }
    for (const r of defaultRuns(m)) expect(runProblem(r), r.optimizer).toBeNull();
  });

  it('none of its default runs diverges from the default start', () => {
    for (const r of defaultRuns(m)) expect(runDefault(m, r).status.kind, r.optimizer).not.toBe('diverged');
  });

  it('has an exact gradient: central differences of the loss at random points of the window', () => {
    fc.assert(
      fc.property(inWindow(m), ([w, b]) => {
        const { loss, g } = gradAt(p, w, b);
        expect(loss).toBe(p.loss(Float64Array.of(w, b)));
        [w, b].forEach((x, i) => {
          const h = 1e-5 * Math.max(1, Math.abs(x));
          const plus = i === 0 ? Float64Array.of(w + h, b) : Float64Array.of(w, b + h);
          const minus = i === 0 ? Float64Array.of(w - h, b) : Float64Array.of(w, b - h);
          const fd = (p.loss(plus) - p.loss(minus)) / (2 * h);
          expect(Math.abs(fd - g[i]!), `∂L/∂θ${i} at (${w}, ${b})`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(g[i]!)) + 1e-10 * Math.abs(loss));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('has an exact, symmetric Hessian: central differences of the gradient at random points of the window', () => {
    fc.assert(
      fc.property(inWindow(m), ([w, b]) => {
        const H = hessAt(p, w, b);
        expect(H[1]).toBe(H[2]);
        const { g } = gradAt(p, w, b);
        const gmax = Math.max(Math.abs(g[0]!), Math.abs(g[1]!));
        [w, b].forEach((x, i) => {
          const h = 1e-5 * Math.max(1, Math.abs(x));
          const gp = gradAt(p, i === 0 ? w + h : w, i === 1 ? b + h : b).g;
          const gm = gradAt(p, i === 0 ? w - h : w, i === 1 ? b - h : b).g;
          for (let j = 0; j < 2; j++) {
            const fd = (gp[j]! - gm[j]!) / (2 * h);
            expect(Math.abs(fd - H[i * 2 + j]!), `H[${i}][${j}] at (${w}, ${b})`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(H[i * 2 + j]!)) + 1e-9 * gmax);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it(m.quadratic ? 'declares itself quadratic, and its Hessian is the same at every point (so the panel may call the theory exact)' : 'does not declare itself quadratic, and its Hessian does change over the window', () => {
    const H0 = hessAt(p, ...(m.defaults.start as [number, number]));
    let changed = false;
    fc.assert(
      fc.property(inWindow(m), ([w, b]) => {
        const H = hessAt(p, w, b);
        const same = H.every((x, k) => Math.abs(x - H0[k]!) <= 1e-9 * (1 + Math.abs(x)));
        if (m.quadratic) expect(same, `H at (${w}, ${b})`).toBe(true);
        else changed ||= !same;
      }),
      { numRuns: 100 },
    );
    if (!m.quadratic) expect(changed).toBe(true);
  });

  it('never throws and never gives NaN for finite θ with |θ| ≤ 10⁶ (overflow is +∞)', () => {
    const big = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(-1e6, 1e6, 0, -0, 709, 710, -745, 1e-300));
    const check = (w: number, b: number) => {
      const t = Float64Array.of(w, b);
      const L = p.loss(t);
      expect(Number.isNaN(L), `L(${w}, ${b})`).toBe(false);
      expect(L, `L(${w}, ${b})`).not.toBe(-Infinity);
      const g = new Float64Array(2);
      const L2 = p.lossAndGrad(t, g);
      expect(Object.is(L2, L) || L2 === L).toBe(true);
      expect(g.some(Number.isNaN), `∇L(${w}, ${b})`).toBe(false);
      const H = new Float64Array(4);
      p.hessian!(t, H);
      expect(H.some(Number.isNaN), `H(${w}, ${b})`).toBe(false);
    };
    for (const w of [-1e6, 0, 1e6]) for (const b of [-1e6, 0, 1e6]) check(w, b);
    fc.assert(fc.property(big, big, check), { numRuns: 300 });
  });

  it('lists stationary points: ‖∇L‖ ≈ 0, the stated loss, minima positive definite, saddles indefinite, lowest loss first', () => {
    const pts = m.points(planeDefaults(m), dataOf(m));
    expect(pts.length).toBeGreaterThan(0);
    expect(pts.some((q) => q.kind === 'global')).toBe(true);
    for (const q of pts) {
      const { loss, g } = gradAt(p, q.w, q.b);
      expect(Math.hypot(g[0]!, g[1]!), `‖∇L‖ at ${q.kind} (${q.w}, ${q.b})`).toBeLessThan(1e-9);
      expect(Math.abs(loss - q.loss)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(q.loss)));
      const [lo, hi] = eig(hessAt(p, q.w, q.b));
      if (q.kind === 'saddle') {
        expect(lo, `saddle (${q.w}, ${q.b})`).toBeLessThan(0);
        expect(hi).toBeGreaterThan(0);
      } else expect(lo, `minimum (${q.w}, ${q.b})`).toBeGreaterThan(0);
    }
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.loss).toBeGreaterThanOrEqual(pts[i - 1]!.loss - 1e-12);
  });

  it('its global points have the lowest loss of its points and of a fine grid over the default window', () => {
    const pts = m.points(planeDefaults(m), dataOf(m));
    const lowest = Math.min(...pts.map((q) => q.loss));
    const globals = pts.filter((q) => q.kind === 'global');
    for (const q of globals) expect(q.loss).toBeLessThanOrEqual(lowest + 1e-12);
    for (const q of pts.filter((x) => x.kind !== 'global')) expect(q.loss).toBeGreaterThan(lowest + 1e-6);
    const [w0, w1, b0, b1] = m.defaults.range;
    const N = 300;
    const t = new Float64Array(2);
    let gridMin = Infinity;
    for (let i = 0; i <= N; i++) {
      for (let j = 0; j <= N; j++) {
        t[0] = w0 + ((w1 - w0) * i) / N;
        t[1] = b0 + ((b1 - b0) * j) / N;
        gridMin = Math.min(gridMin, p.loss(t));
      }
    }
    expect(gridMin).toBeGreaterThanOrEqual(globals[0]!.loss - 1e-12);
  });
});

describe('the quadratic', () => {
  const at = (curv: [number, number], angle = 0): PlaneSettings => ({ curv, angle: [angle] });

  it('is ½ Σ λ_j (u_jᵀθ)² with u₁ at the angle φ: curv=1,10 at 90° is curv=10,1 at 0°', () => {
    const a = quadraticPlane.create(at([1, 10], 90), []);
    const b = quadraticPlane.create(at([10, 1], 0), []);
    fc.assert(
      fc.property(inWindow(quadraticPlane), ([w, v]) => {
        const t = Float64Array.of(w, v);
        expect(a.loss(t)).toBeCloseTo(b.loss(t), 10);
        expect(b.loss(t)).toBeCloseTo(0.5 * (10 * w * w + v * v), 10);
      }),
    );
  });

  it.each([0, 30, -135])('with curv=1,-1 at angle %s° has a saddle at the origin: H has eigenvalues −1 and 1', (angle) => {
    const s = at([1, -1], angle);
    expect(quadraticPlane.points(s, [])).toEqual([{ w: 0, b: 0, loss: 0, kind: 'saddle' }]);
    const [lo, hi] = eig(hessAt(quadraticPlane.create(s, []), 0.3, -0.7));
    expect(lo).toBeCloseTo(-1, 12);
    expect(hi).toBeCloseTo(1, 12);
  });

  it('with curv=1,-1, GD started on the stable axis stops at the saddle and the run says so', () => {
    const r = runDefault(quadraticPlane, GD, { settings: at([1, -1]), start: [3, 0], eta: 0.5, steps: 200 });
    expect(r.status.kind).toBe('saddle');
    const end = last(r.trajectory);
    expect(Math.hypot(end.w, end.b)).toBeLessThan(1e-4);
  });

  it('lists the origin for a line of minima (one λ = 0) and for L ≡ 0, and nothing without a minimum or saddle', () => {
    const origin = [{ w: 0, b: 0, loss: 0, kind: 'global' }];
    expect(quadraticPlane.points(at([0, 10], 20), [])).toEqual(origin);
    expect(quadraticPlane.points(at([0, 0]), [])).toEqual(origin);
    expect(quadraticPlane.points(at([-1, -2]), [])).toEqual([]);
    expect(quadraticPlane.points(at([0, -1]), [])).toEqual([]);
    // The line of minima: along u₁ the loss and the gradient vanish.
    const p = quadraticPlane.create(at([0, 10], 20), []);
    const c = Math.cos((20 * Math.PI) / 180);
    const s = Math.sin((20 * Math.PI) / 180);
    for (const t of [-3, 1, 4]) {
      const { loss, g } = gradAt(p, t * c, t * s);
      expect(loss).toBeLessThan(1e-28);
      expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1e-13);
    }
  });

  it('defaults to GD and momentum (both converge); Nesterov, left out, diverges at the default η and γ', () => {
    expect(quadraticPlane.defaults.runs).toEqual([GD, MOMENTUM]);
    for (const r of [GD, MOMENTUM]) expect(runDefault(quadraticPlane, r).status.kind).toBe('converged');
    expect(runDefault(quadraticPlane, { optimizer: 'nesterov', settings: {} }).status.kind).toBe('diverged');
  });

  it('by default GD zigzags across b (its sign flips every step) while w shrinks without changing sign', () => {
    const r = runDefault(quadraticPlane, GD);
    expect(r.status.kind).toBe('converged');
    const t = r.trajectory;
    for (let k = 1; k <= 20; k++) {
      expect(Math.sign(t.params[2 * k + 1]!)).toBe(-Math.sign(t.params[2 * k - 1]!));
      expect(Math.sign(t.params[2 * k]!)).toBe(-1);
      expect(Math.abs(t.params[2 * k]!)).toBeLessThan(Math.abs(t.params[2 * k - 2]!));
    }
    // Along b the factor is |1 − ηλ₂| = 0.8, along w 1 − ηλ₁ = 0.82: the shallow axis is the slow one.
    expect(t.params[2 * 10 + 1]! / t.params[1]!).toBeCloseTo(0.8 ** 10, 12);
    expect(t.params[2 * 10]! / t.params[0]!).toBeCloseTo(0.82 ** 10, 12);
  });
});

describe('Rosenbrock\'s valley', () => {
  it('GD falls into the valley within 100 steps and is still crawling along it after the default 5000; momentum and Nesterov converge at (1, 1)', () => {
    const gd = runDefault(rosenbrockPlane, GD);
    const t = gd.trajectory;
    expect(t.length).toBe(rosenbrockPlane.defaults.steps + 1);
    expect(t.loss[0]).toBeCloseTo(24.2, 10);
    expect(t.loss[100]).toBeLessThan(5);
    const end = last(t);
    expect(gd.status.kind).toBe('finished');
    expect(end.loss).toBeGreaterThan(1e-3);
    expect(Math.abs(end.b - end.w * end.w)).toBeLessThan(0.01);
    expect(firstBelow(t, 0.01)).toBeGreaterThan(3000);
    for (const optimizer of ['momentum', 'nesterov']) {
      const r = runDefault(rosenbrockPlane, { optimizer, settings: {} });
      expect(r.status.kind, optimizer).toBe('converged');
      const e = last(r.trajectory);
      expect(Math.hypot(e.w - 1, e.b - 1)).toBeLessThan(1e-4);
      expect(firstBelow(r.trajectory, 0.01)).toBeLessThan(500);
    }
  });
});

describe('Himmelblau\'s function', () => {
  const KNOWN = [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848127]] as const;

  it('has four minima of loss ≈ 0 at the known places, Newton-exact', () => {
    const pts = himmelblauPlane.points({}, []);
    expect(pts).toHaveLength(4);
    const p = himmelblauPlane.create({}, []);
    KNOWN.forEach(([w, b], i) => {
      expect(pts[i]!.kind).toBe('global');
      expect(Math.abs(pts[i]!.w - w)).toBeLessThan(1e-6);
      expect(Math.abs(pts[i]!.b - b)).toBeLessThan(1e-6);
      expect(pts[i]!.loss).toBeLessThan(1e-20);
      const { g } = gradAt(p, pts[i]!.w, pts[i]!.b);
      expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1e-12);
    });
  });

  it('from the default start GD, momentum and Nesterov end in three different minima, all of loss ≈ 0', () => {
    const pts = himmelblauPlane.points({}, []);
    const ends = defaultRuns(himmelblauPlane).map((r) => {
      const out = runDefault(himmelblauPlane, r);
      expect(out.status.kind, r.optimizer).toBe('converged');
      const e = last(out.trajectory);
      expect(e.loss).toBeLessThan(1e-12);
      return pts.findIndex((q) => Math.hypot(q.w - e.w, q.b - e.b) < 1e-4);
    });
    expect(ends).toEqual([3, 1, 0]);
  });

  it('shows it for starts within ±0.2 of the default and for η from 0.008 to 0.012, not on a knife edge', () => {
    const pts = himmelblauPlane.points({}, []);
    const endsFrom = (over: { start?: readonly number[]; eta?: number }) =>
      defaultRuns(himmelblauPlane).map((r) => {
        const out = runDefault(himmelblauPlane, r, over);
        const e = last(out.trajectory);
        return out.status.kind === 'converged' ? pts.findIndex((q) => Math.hypot(q.w - e.w, q.b - e.b) < 1e-4) : out.status.kind;
      });
    const [w0, b0] = himmelblauPlane.defaults.start;
    for (const dw of [-0.2, -0.1, 0, 0.1, 0.2]) for (const db of [-0.2, -0.1, 0, 0.1, 0.2]) expect(endsFrom({ start: [w0 + dw, b0 + db] }), `start ${w0 + dw}, ${b0 + db}`).toEqual([3, 1, 0]);
    for (const eta of [0.008, 0.009, 0.011, 0.012]) expect(endsFrom({ eta }), `η = ${eta}`).toEqual([3, 1, 0]);
  });
});

describe('the two wells', () => {
  const [local, global] = [wellsPlane.points({}, []).find((q) => q.kind === 'local')!, wellsPlane.points({}, []).find((q) => q.kind === 'global')!];
  const endsIn = (r: ReturnType<typeof runDefault>) => {
    const e = last(r.trajectory);
    if (r.status.kind !== 'converged') return r.status.kind;
    if (Math.hypot(e.w - local.w, e.b - local.b) < 1e-4) return 'local';
    if (Math.hypot(e.w - global.w, e.b - global.b) < 1e-4) return 'global';
    return 'elsewhere';
  };

  it('defaults to GD and momentum: GD stops in the worse local minimum, momentum gets out to the global one', () => {
    expect(wellsPlane.defaults.runs).toEqual([GD, MOMENTUM]);
    const gd = runDefault(wellsPlane, GD);
    expect(endsIn(gd)).toBe('local');
    expect(last(gd.trajectory).loss).toBeCloseTo(0.6859, 10);
    const mom = runDefault(wellsPlane, MOMENTUM);
    expect(endsIn(mom)).toBe('global');
    expect(last(mom.trajectory).loss).toBeLessThan(1e-12);
  });

  it('shows it for a range of η and γ around the defaults, not on a knife edge', () => {
    for (const eta of [0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05]) expect(endsIn(runDefault(wellsPlane, GD, { eta })), `gd η = ${eta}`).toBe('local');
    for (const eta of [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05]) expect(endsIn(runDefault(wellsPlane, MOMENTUM, { eta })), `momentum η = ${eta}`).toBe('global');
    for (const gamma of [0.85, 0.875, 0.9, 0.925, 0.95, 0.97]) expect(endsIn(runDefault(wellsPlane, MOMENTUM, { gamma })), `momentum γ = ${gamma}`).toBe('global');
  });
});

describe('the plateau', () => {
  it('is nearly flat around the default start: L ≈ 1 and ‖∇L‖ < 0.02 over w ∈ [−8, −5], |b| ≤ 2', () => {
    const p = plateauPlane.create({}, []);
    for (let w = -8; w <= -5; w += 0.25) {
      for (let b = -2; b <= 2; b += 0.25) {
        const { loss, g } = gradAt(p, w, b);
        expect(Math.abs(loss - 1)).toBeLessThan(0.02);
        expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(0.02);
      }
    }
  });

  it('defaults to GD and momentum: GD needs hundreds of steps more than momentum to get below L = 0.01; both converge at (0, 0)', () => {
    expect(plateauPlane.defaults.runs).toEqual([GD, MOMENTUM]);
    const gd = runDefault(plateauPlane, GD);
    const mom = runDefault(plateauPlane, MOMENTUM);
    const kGd = firstBelow(gd.trajectory, 0.01);
    const kMom = firstBelow(mom.trajectory, 0.01);
    expect(kMom).toBeGreaterThan(0);
    expect(kMom).toBeLessThan(150);
    expect(kGd - kMom).toBeGreaterThanOrEqual(300);
    for (const r of [gd, mom]) {
      expect(r.status.kind).toBe('converged');
      const e = last(r.trajectory);
      expect(Math.hypot(e.w, e.b)).toBeLessThan(1e-4);
    }
  });
});

describe('the quadratic\'s lesson follows its curvatures', () => {
  it('names a round bowl, an eccentric one, a saddle, a dome, a flat floor, a ridge and a flat surface, with their numbers', async () => {
    const { quadraticLesson } = await import('../../../src/engine/problems/plane/quadratic');
    const at = (l1: number, l2: number) => quadraticLesson({ curv: [l1, l2], angle: [0] });
    expect(at(1, 10)).toMatch(/^an eccentric bowl \(κ = λ_max\/λ_min = 10\): with η just below 2\/λ_max = 0\.2 /);
    expect(at(2, 2)).toMatch(/^a round bowl .*η = 1\/λ = 0\.5 lands on the minimum in one step.*2\/λ = 1$/);
    expect(at(1, -1)).toMatch(/^a saddle \(λ = -1 and 1\)/);
    expect(at(-1, -2)).toMatch(/^a dome/);
    expect(at(0, 3)).toMatch(/^a valley with a flat floor/);
    expect(at(-1, 0)).toMatch(/^a ridge/);
    expect(at(0, 0)).toMatch(/^flat/);
  });
});
