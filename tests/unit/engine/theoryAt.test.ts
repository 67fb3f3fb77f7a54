import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differenceHessian } from '../../../src/engine/curvature';
import { makeDataset } from '../../../src/engine/datasets';
import { OPTIMIZERS, getOptimizer } from '../../../src/engine/optimizers/registry';
import { createMlp, initParams, type MlpSpec } from '../../../src/engine/problems/mlp';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { createRng } from '../../../src/engine/rng';
import { runToEnd } from '../../../src/engine/run';
import { classifySpectrum, eigen2, planeHessian, symmetricEigenAscending, theoryAt } from '../../../src/engine/theory';
import { quadraticForm, withoutHessian } from '../support/problems';
import { rotatedQuadratic } from '../support/rotatedQuadratic';

const GLOBALS = { eta: 1, gamma: 0.9 };
const close = (a: number, b: number, rel = 1e-10, abs = 0) => Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));

/** max_i |(H v − λ v)_i| for a row-major n × n H. */
function residual(H: ArrayLike<number>, n: number, lambda: number, v: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let hv = 0;
    for (let j = 0; j < n; j++) hv += H[i * n + j]! * v[j]!;
    worst = Math.max(worst, Math.abs(hv - lambda * v[i]!));
  }
  return worst;
}

const lambda = fc.double({ min: 0.01, max: 100, noNaN: true });
const signed = fc.double({ min: -100, max: 100, noNaN: true });
const angle = fc.double({ min: 0, max: 180, noNaN: true, maxExcluded: true });

describe('eigen-decomposition', () => {
  it('2 × 2: H v = λ v, unit orthogonal vectors, eigenvalues ascending (any symmetric matrix)', () => {
    fc.assert(
      fc.property(signed, signed, signed, (a, b, c) => {
        const { values, vectors } = eigen2(a, b, c);
        const H = [a, b, b, c];
        const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), 1e-300);
        expect(values[0]!).toBeLessThanOrEqual(values[1]!);
        for (let i = 0; i < 2; i++) {
          expect(Math.hypot(...vectors[i]!)).toBeCloseTo(1, 12);
          expect(residual(H, 2, values[i]!, vectors[i]!)).toBeLessThan(1e-12 * scale);
        }
        expect(Math.abs(vectors[0]![0]! * vectors[1]![0]! + vectors[0]![1]! * vectors[1]![1]!)).toBeLessThan(1e-14);
        expect(values[0]! + values[1]!).toBeCloseTo(a + c, 10);
      }),
      { numRuns: 500 },
    );
  });

  it('2 × 2: exact for diagonal and isotropic matrices, and a tiny eigenvalue keeps its relative accuracy', () => {
    expect(eigen2(10, 0, 1)).toEqual({ values: [1, 10], vectors: [[0, 1], [1, 0]] });
    expect(eigen2(1, 0, 10)).toEqual({ values: [1, 10], vectors: [[1, 0], [0, 1]] });
    expect(eigen2(3, 0, 3)).toEqual({ values: [3, 3], vectors: [[1, 0], [0, 1]] });
    expect(eigen2(-2, 0, 5).values).toEqual([-2, 5]);
    // Rotated diag(1e-9, 1): m − r alone would lose most digits of the small one.
    const q = rotatedQuadratic(1e-9, 1, 30);
    const { values } = eigen2(q.H[0], q.H[1], q.H[3]);
    expect(close(values[0]!, 1e-9, 1e-6)).toBe(true);
    expect(close(values[1]!, 1, 1e-14)).toBe(true);
  });

  it('the rotated quadratic: eigenvalues are the λ_j sorted, eigenvectors ± u_j', () => {
    fc.assert(
      fc.property(signed, signed, angle, (l1, l2, deg) => {
        fc.pre(Math.abs(l1 - l2) > 1e-3 * Math.max(Math.abs(l1), Math.abs(l2), 1));
        const q = rotatedQuadratic(l1, l2, deg);
        const { values, vectors } = symmetricEigenAscending(q.H, 2);
        const [lo, hi] = l1 < l2 ? [l1, l2] : [l2, l1];
        const scale = Math.max(Math.abs(l1), Math.abs(l2));
        expect(Math.abs(values[0]! - lo)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(values[1]! - hi)).toBeLessThan(1e-12 * scale);
        const uLo = l1 < l2 ? q.u1 : q.u2;
        expect(Math.abs(Math.abs(vectors[0]![0]! * uLo[0] + vectors[0]![1]! * uLo[1]) - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('n × n (Jacobi): H v = λ v for random symmetric matrices up to 8 × 8, ascending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.array(signed, { minLength: 64, maxLength: 64 }), (n, raw) => {
        const H = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) H[i * n + j] = H[j * n + i] = raw[i * 8 + j]!;
        const { values, vectors } = symmetricEigenAscending(H, n);
        for (let i = 1; i < n; i++) expect(values[i - 1]!).toBeLessThanOrEqual(values[i]!);
        for (let i = 0; i < n; i++) {
          expect(Math.hypot(...vectors[i]!)).toBeCloseTo(1, 10);
          expect(residual(H, n, values[i]!, vectors[i]!)).toBeLessThan(1e-9 * 100 * n);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('kind of point', () => {
  it('from the signs with tolerance max(1e-6, 1e-3·max |λ|)', () => {
    expect(classifySpectrum([1, 10]).kind).toBe('bowl');
    expect(classifySpectrum([-10, -1]).kind).toBe('cap');
    expect(classifySpectrum([-1, 10]).kind).toBe('saddle');
    expect(classifySpectrum([0, 10]).kind).toBe('ridge');
    expect(classifySpectrum([-10, 0]).kind).toBe('ridge');
    expect(classifySpectrum([0.009, 10]).kind).toBe('ridge'); // below 1e-3 · 10
    expect(classifySpectrum([0.011, 10]).kind).toBe('bowl');
    expect(classifySpectrum([-0.009, 10]).kind).toBe('ridge');
    expect(classifySpectrum([-0.011, 10]).kind).toBe('saddle');
    expect(classifySpectrum([-5e-7, 5e-7]).kind).toBe('flat');
    expect(classifySpectrum([-2e-6, 5e-7]).kind).toBe('ridge'); // 5e-7 is below the absolute 1e-6
    expect(classifySpectrum([-3e-6, -2e-6]).kind).toBe('cap');
    expect(classifySpectrum([-1, 0, 1]).kind).toBe('saddle');
    expect(classifySpectrum([-1, 0, 1]).signs).toEqual([-1, 0, 1]);
  });
});

describe('theoryAt on a quadratic: closed forms', () => {
  it('positive definite: eigen, η_opt, GD, momentum, Nesterov and heavy-ball values, Newton lands on the minimum', () => {
    fc.assert(
      fc.property(lambda, lambda, angle, fc.double({ min: 0, max: 0.99, noNaN: true }), fc.tuple(signed, signed), (l1, l2, deg, gamma, start) => {
        const q = rotatedQuadratic(l1, l2, deg);
        const t = theoryAt({ problem: q, theta: start, run: { optimizer: 'momentum', settings: { gamma } }, globals: GLOBALS });
        const lo = Math.min(l1, l2);
        const hi = Math.max(l1, l2);
        expect(t.plane).toBe(false);
        expect(t.point).toEqual(start);
        expect(t.hessian).toEqual(Array.from(q.H));
        expect(t.eigenvalues[0]!).toBeCloseTo(lo, 9);
        expect(t.eigenvalues[1]!).toBeCloseTo(hi, 9);
        expect(t.convex).toBe(true);
        expect(t.kind).toBe(lo > 1e-3 * hi ? 'bowl' : 'ridge');
        expect(t.gamma).toBe(gamma);
        const [a, b] = t.eigenvalues as [number, number];
        expect(t.etaOpt).toEqual([1 / a, 1 / b]);
        expect(close(t.etaMaxGd!, 2 / hi, 1e-12)).toBe(true);
        expect(close(t.etaBestGd!, 2 / (lo + hi), 1e-12)).toBe(true);
        expect(close(t.etaMaxMomentum!, (2 + 2 * gamma) / hi, 1e-12)).toBe(true);
        expect(close(t.etaMaxNesterov!, (2 + 2 * gamma) / ((1 + 2 * gamma) * hi), 1e-12)).toBe(true);
        const k = Math.sqrt(hi / lo);
        expect(close(t.heavyBall!.eta, (2 / (Math.sqrt(lo) + Math.sqrt(hi))) ** 2, 1e-10)).toBe(true);
        expect(close(t.heavyBall!.gamma, ((k - 1) / (k + 1)) ** 2, 1e-8, 1e-12)).toBe(true);
        // Newton with η = 1 lands on the minimum θ = 0 of a quadratic.
        expect(t.newton.positiveDefinite).toBe(true);
        expect(t.newton.eta).toBe(1);
        const far = Math.max(Math.abs(start[0]), Math.abs(start[1]), 1);
        for (const x of t.newton.landing!) expect(Math.abs(x)).toBeLessThan(1e-9 * far * (hi / lo));
        // The gradient is H θ.
        expect(t.gradient[0]!).toBeCloseTo(q.H[0] * start[0] + q.H[1] * start[1], 9);
      }),
      { numRuns: 300 },
    );
  });

  it('each entry is null where it does not apply: a saddle, a cap, a ridge, a flat point', () => {
    const saddle = theoryAt({ problem: rotatedQuadratic(1, -1, 20), theta: [1, 2] });
    expect(saddle.kind).toBe('saddle');
    expect(saddle.convex).toBe(false);
    expect(saddle.etaOpt[0]).toBeNull();
    expect(saddle.etaOpt[1]!).toBeCloseTo(1, 12);
    expect(saddle.etaMaxGd!).toBeCloseTo(2, 12);
    expect(saddle.etaBestGd).toBeNull();
    expect(saddle.heavyBall).toBeNull();
    expect(saddle.etaMaxMomentum!).toBeCloseTo(3.8, 12);
    expect(saddle.newton.positiveDefinite).toBe(false);
    expect(saddle.newton.landing![0]!).toBeCloseTo(0, 12); // heads for the saddle
    expect(saddle.optimizers.newton!.maxEta).toBeNull();
    expect(saddle.explain.etaBestGd).toMatch(/No best/);

    const cap = theoryAt({ problem: rotatedQuadratic(-1, -3, 0), theta: [1, 1] });
    expect(cap.kind).toBe('cap');
    expect([cap.etaMaxGd, cap.etaBestGd, cap.etaMaxMomentum, cap.etaMaxNesterov, cap.heavyBall]).toEqual([null, null, null, null, null]);
    expect(cap.etaOpt).toEqual([null, null]);

    const ridge = theoryAt({ problem: rotatedQuadratic(0, 4, 0), theta: [1, 1] });
    expect(ridge.kind).toBe('ridge');
    expect(ridge.convex).toBe(true);
    expect(ridge.etaOpt).toEqual([null, 0.25]);
    expect(ridge.etaMaxGd).toBe(0.5);
    expect(ridge.etaBestGd).toBeNull();
    expect(ridge.newton.landing).toBeNull(); // singular

    const flat = theoryAt({ problem: rotatedQuadratic(0, 0, 0), theta: [1, 1] });
    expect(flat.kind).toBe('flat');
    expect(flat.etaMaxGd).toBeNull();
    expect(flat.newton.landing).toBeNull();
  });

  it('asks every module with a theory; the bounds are for the run\'s γ, or the link\'s when the run has none', () => {
    const q = rotatedQuadratic(1, 10, 30);
    const withTheory = OPTIMIZERS.filter((m) => m.theory).map((m) => m.id);
    expect(withTheory).toEqual(expect.arrayContaining(['gd', 'momentum', 'nesterov', 'newton']));
    const gd = theoryAt({ problem: q, theta: [1, 1], run: { optimizer: 'gd', settings: {} }, globals: { eta: 0.1, gamma: 0.5 } });
    expect(Object.keys(gd.optimizers).sort()).toEqual([...withTheory].sort());
    expect(gd.gamma).toBe(0.5);
    expect(gd.etaMaxMomentum!).toBeCloseTo(0.3, 12);
    expect(gd.run).toBe(gd.optimizers.gd);
    const nes = theoryAt({ problem: q, theta: [1, 1], run: { optimizer: 'nesterov', settings: { gamma: 0.25 } }, globals: { eta: 0.1, gamma: 0.5 } });
    expect(nes.gamma).toBe(0.25);
    expect(nes.etaMaxNesterov!).toBeCloseTo(2.5 / 1.5 / 10, 12);
    expect(nes.etaMaxMomentum!).toBeCloseTo(0.25, 12);
    const rprop = theoryAt({ problem: q, theta: [1, 1], run: { optimizer: 'rprop', settings: {} } });
    expect(rprop.run).toBeNull();
    // Newton's landing uses the Newton run's own η: half a step lands halfway to the minimum.
    const half = theoryAt({ problem: q, theta: [2, -4], run: { optimizer: 'newton', settings: { eta: 0.5 } } });
    expect(half.newton.eta).toBe(0.5);
    expect(half.newton.landing![0]!).toBeCloseTo(1, 12);
    expect(half.newton.landing![1]!).toBeCloseTo(-2, 12);
    for (const v of Object.values(gd.explain)) expect(v.length).toBeGreaterThan(10);
  });
});

describe('planeHessian', () => {
  /** uᵀ A v for a row-major n × n A. */
  const form = (A: ArrayLike<number>, n: number, u: readonly number[], v: readonly number[]) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += u[i]! * A[i * n + j]! * v[j]!;
    return s;
  };
  const vec = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });

  it('equals [uᵀHu, uᵀHv; vᵀHu, vᵀHv] of the full Hessian: exact Hessian, and by differences of gradients', () => {
    fc.assert(
      fc.property(fc.array(signed, { minLength: 10, maxLength: 10 }), vec(4), vec(4), vec(4), (raw, u, v, theta) => {
        const A = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
        let k = 0;
        for (let i = 0; i < 4; i++) for (let j = i; j < 4; j++) A[i]![j] = A[j]![i] = raw[k++]!;
        const flat = A.flat();
        const want = [form(flat, 4, u, u), form(flat, 4, u, v), form(flat, 4, v, u), form(flat, 4, v, v)];
        const scale = 100 * 9 * 16;
        const exact = planeHessian(quadraticForm(A), theta, u, v);
        const diff = planeHessian(withoutHessian(quadraticForm(A)), theta, u, v);
        for (let e = 0; e < 4; e++) {
          expect(Math.abs(exact[e]! - want[e]!)).toBeLessThan(1e-12 * scale);
          expect(Math.abs(diff[e]! - want[e]!)).toBeLessThan(1e-7 * scale);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('on an MLP (no exact Hessian) agrees with the full difference Hessian in random directions', () => {
    const spec: MlpSpec = { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce' };
    const mlp = createMlp(spec, makeDataset('xor', { size: 40, noise: 0.1, seed: 1 }));
    const theta = initParams(spec, createRng(1));
    const n = mlp.paramCount;
    const H = new Float64Array(n * n);
    differenceHessian(mlp, Float64Array.from(theta), H);
    const rng = createRng(7);
    const dir = () => Array.from({ length: n }, () => rng.next() - 0.5);
    for (let trial = 0; trial < 5; trial++) {
      const u = dir();
      const v = dir();
      const got = planeHessian(mlp, theta, u, v);
      const want = [form(H, n, u, u), form(H, n, u, v), form(H, n, v, u), form(H, n, v, v)];
      const scale = Math.max(...want.map(Math.abs));
      for (let k = 0; k < 4; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThan(1e-5 * scale);
    }
    expect(Array.from(theta)).toEqual(Array.from(initParams(spec, createRng(1))));
  });

  it('theoryAt on a plane: the 2 × 2 of the plane, plane-coordinate gradient and point', () => {
    const sig = createSigmoidNeuron(LECTURE_DATA);
    const theta = [0.5, -1];
    const full = theoryAt({ problem: sig, theta });
    // The coordinate axes as the plane: the restricted theory is the full one.
    const axes = theoryAt({ problem: withoutHessian(sig), theta, plane: { u: [1, 0], v: [0, 1], at: [0.5, -1] } });
    expect(axes.plane).toBe(true);
    expect(axes.point).toEqual([0.5, -1]);
    for (let k = 0; k < 4; k++) expect(axes.hessian[k]!).toBeCloseTo(full.hessian[k]!, 8);
    for (let k = 0; k < 2; k++) expect(axes.eigenvalues[k]!).toBeCloseTo(full.eigenvalues[k]!, 8);
    expect(axes.gradient).toEqual(full.gradient);
    // Directions scaled by 2 and 3: the Hessian in plane coordinates scales by the products.
    const scaled = theoryAt({ problem: sig, theta, plane: { u: [2, 0], v: [0, 3] } });
    expect(scaled.point).toEqual([0, 0]);
    expect(scaled.hessian[0]!).toBeCloseTo(4 * full.hessian[0]!, 12);
    expect(scaled.hessian[1]!).toBeCloseTo(6 * full.hessian[1]!, 12);
    expect(scaled.hessian[3]!).toBeCloseTo(9 * full.hessian[3]!, 12);
    expect(scaled.gradient[1]!).toBeCloseTo(3 * full.gradient[1]!, 14);
    expect(scaled.explain.exact).toMatch(/slice plane/);
  });
});

describe('GD, momentum, Nesterov, Newton on quadratics converge below and diverge above the bounds theoryAt gives', () => {
  const STEPS = 20_000;
  for (const m of OPTIMIZERS.filter((x) => x.theory)) {
    const hasGamma = m.settings.some((s) => s.key === 'gamma');
    it(`${m.id}: converged at 0.95 × its bound, diverged at 1.05 ×`, () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0.1, max: 10, noNaN: true }),
          fc.double({ min: 0.1, max: 10, noNaN: true }),
          angle,
          fc.double({ min: 0, max: 0.95, noNaN: true }),
          fc.boolean(),
          (l1, l2, deg, gamma, inside) => {
            const q = rotatedQuadratic(l1, l2, deg);
            const start = [1, -0.7];
            const settings: Record<string, number> = hasGamma ? { gamma } : {};
            const bound = theoryAt({ problem: q, theta: start, run: { optimizer: m.id, settings }, globals: GLOBALS }).run!.maxEta!;
            const eta = bound * (inside ? 0.95 : 1.05);
            const { status } = runToEnd({ problem: q, run: { optimizer: m.id, settings: { ...settings, eta } }, globals: GLOBALS, start, steps: STEPS });
            expect(status.kind, `λ=${l1},${l2} φ=${deg} γ=${gamma} η=${eta} bound=${bound}`).toBe(inside ? 'converged' : 'diverged');
          },
        ),
        { numRuns: 150 },
      );
    }, 60_000);
  }

  it('the bounds asked of the modules are the closed forms', () => {
    const eig = { min: 2, max: 8 };
    expect(getOptimizer('gd').theory!(eig, { eta: 1 }).maxEta).toBe(0.25);
    expect(getOptimizer('momentum').theory!(eig, { eta: 1, gamma: 0.5 }).maxEta).toBe(3 / 8);
    expect(getOptimizer('nesterov').theory!(eig, { eta: 1, gamma: 0.5 }).maxEta).toBe(3 / 16);
    const best = getOptimizer('momentum').theory!(eig, { eta: 1, gamma: 0.5 }).bestPair!;
    expect(best.eta).toBeCloseTo(2 / 9, 14);
    expect(best.gamma).toBeCloseTo(1 / 9, 14);
    expect(getOptimizer('gd').theory!(eig, { eta: 1 }).bestEta).toBe(0.2);
    expect(getOptimizer('newton').theory!(eig, { eta: 1 })).toMatchObject({ maxEta: 2, bestEta: 1 });
  });
});
