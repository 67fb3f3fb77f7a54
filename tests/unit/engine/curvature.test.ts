import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPoint, FLAT_CURVATURE, hessianAt, MAX_HESSIAN_PARAMS, solveNewton } from '../../../src/engine/curvature';
import { makeDataset } from '../../../src/engine/datasets';
import type { Problem } from '../../../src/engine/problem';
import { createMlp, initParams, type MlpSpec } from '../../../src/engine/problems/mlp';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { createRng, RNG_STREAMS } from '../../../src/engine/rng';
import { quadratic, quadraticForm, withoutHessian } from '../support/problems';

/** Central differences of the gradient: column j of row i is (g_j(θ + h e_i) − g_j(θ − h e_i)) / 2h. */
function fdOfGradient(p: Problem, theta: readonly number[], h: number): number[][] {
  const n = theta.length;
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  return theta.map((_, i) => {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[i]! += h;
    minus[i]! -= h;
    p.lossAndGrad(plus, gp);
    p.lossAndGrad(minus, gm);
    return Array.from({ length: n }, (_, j) => (gp[j]! - gm[j]!) / (2 * h));
  });
}

/** Second-order central differences of the loss alone: (L(++) − L(+−) − L(−+) + L(−−)) / 4h² (and the 3-point rule on the diagonal). */
function fdOfLoss(p: Problem, theta: Float64Array, h: number): number[][] {
  const n = theta.length;
  const at = (di: number, si: number, dj: number, sj: number) => {
    const t = Float64Array.from(theta);
    t[di]! += si * h;
    t[dj]! += sj * h;
    return p.loss(t);
  };
  const L0 = p.loss(theta);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      i === j ? (at(i, 1, i, 1) - 2 * L0 + at(i, -1, i, -1)) / (4 * h * h) : (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h),
    ),
  );
}

const hessian = (p: Problem, theta: ArrayLike<number>) => {
  const n = p.paramCount;
  const out = new Float64Array(n * n);
  hessianAt(p, Float64Array.from(theta), out);
  return Array.from({ length: n }, (_, i) => Array.from(out.subarray(i * n, (i + 1) * n)));
};

describe('the sigmoid neuron\'s exact Hessian', () => {
  it('agrees with central differences of its exact gradient at random points and on random data', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.array(fc.record({ x: fc.double({ min: -3, max: 3, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (w, b, data, lecture) => {
          const p = createSigmoidNeuron(lecture ? LECTURE_DATA : data);
          const exact = hessian(p, [w, b]);
          const fd = fdOfGradient(p, [w, b], 1e-5);
          expect(exact[0]![1]).toBe(exact[1]![0]);
          for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(exact[i]![j]! - fd[i]![j]!), `H[${i}][${j}]`).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is positive definite at the lecture minimum and its FD stand-in agrees there', () => {
    const logit = (q: number) => Math.log(q / (1 - q));
    const w = (logit(0.9) - logit(0.2)) / 2;
    const b = logit(0.2) - 0.5 * w;
    const p = createSigmoidNeuron(LECTURE_DATA);
    const H = hessian(p, [w, b]);
    // At L = 0, H = Σ σ'ᵢ² [[xᵢ², xᵢ], [xᵢ, 1]] with σ'ᵢ = yᵢ(1 − yᵢ): 0.16², 0.09².
    expect(H[0]![0]).toBeCloseTo(0.16 ** 2 * 0.25 + 0.09 ** 2 * 6.25, 12);
    expect(H[0]![1]).toBeCloseTo(0.16 ** 2 * 0.5 + 0.09 ** 2 * 2.5, 12);
    expect(H[1]![1]).toBeCloseTo(0.16 ** 2 + 0.09 ** 2, 12);
    const F = hessian(withoutHessian(p), [w, b]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(F[i]![j]).toBeCloseTo(H[i]![j]!, 9);
  });
});

describe('hessianAt by differences of the gradient', () => {
  const spec: MlpSpec = { layers: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };
  const mlp = createMlp(spec, makeDataset('xor', { size: 12, noise: 0.1, seed: 4 }));

  it('on a small MLP agrees with second-order differences of the loss, is symmetric and leaves θ as it was', () => {
    for (const seed of [1, 2, 3]) {
      const theta = initParams(spec, createRng(seed, RNG_STREAMS.init));
      for (let i = 0; i < theta.length; i++) theta[i]! += 0.3 * Math.sin(7 * i + seed); // biases away from 0
      const before = Float64Array.from(theta);
      const n = mlp.paramCount;
      const out = new Float64Array(n * n);
      hessianAt(mlp, theta, out);
      expect(Array.from(theta)).toEqual(Array.from(before));
      const ref = fdOfLoss(mlp, theta, 1e-4);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          expect(out[i * n + j]).toBe(out[j * n + i]);
          expect(Math.abs(out[i * n + j]! - ref[i]![j]!), `seed ${seed} H[${i}][${j}]`).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('is exact to rounding on a quadratic (the gradient is linear)', () => {
    const A = [[3, -1, 0.5], [-1, 2, 0.25], [0.5, 0.25, 1]];
    const H = hessian(withoutHessian(quadraticForm(A)), [0.3, -7, 120]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(H[i]![j]! - A[i]![j]!)).toBeLessThan(1e-8);
  });

  it('uses the exact Hessian when the problem has one', () => {
    const p = quadratic([4, 9], { hessian: true });
    expect(hessian(p, [1, 1])).toEqual([[4, 0], [0, 9]]);
  });
});

describe('classifyPoint', () => {
  it('calls the bottom of a bowl a minimum', () => {
    expect(classifyPoint(quadratic([2, 0.5]), Float64Array.of(0, 0)).kind).toBe('minimum');
  });

  it('calls a degenerate quadratic valley L = ½w² (flat in b) a minimum, anywhere along the valley', () => {
    for (const b of [0, 3, -40]) {
      expect(classifyPoint(quadratic([1, 0]), Float64Array.of(0, b)).kind).toBe('minimum');
      expect(classifyPoint(quadratic([1, 0], { hessian: true }), Float64Array.of(0, b)).kind).toBe('minimum');
    }
  });

  it('calls the origin of L = ½(w² − b²) a saddle, with λ_min = −1', () => {
    for (const p of [quadratic([1, -1]), quadratic([1, -1], { hessian: true })]) {
      const c = classifyPoint(p, Float64Array.of(0, 0));
      expect(c.kind).toBe('saddle');
      expect(c.minEig).toBeCloseTo(-1, 8);
      expect(c.maxAbsEig).toBeCloseTo(1, 8);
    }
  });

  it('calls a constant loss and a saturated sigmoid neuron flat', () => {
    const constant: Problem = { paramCount: 2, loss: () => 3, lossAndGrad: (_t, g) => (g.fill(0), 3) };
    expect(classifyPoint(constant, Float64Array.of(1, 2)).kind).toBe('flat');
    // σ(−1000·x − 1000) = 0 on both lecture points: L = ½(0.2² + 0.9²) exactly, every derivative 0.
    const c = classifyPoint(createSigmoidNeuron(LECTURE_DATA), Float64Array.of(-1000, -1000));
    expect(c.kind).toBe('flat');
    expect(c.maxAbsEig).toBeLessThan(FLAT_CURVATURE);
  });

  it('calls a maximum a saddle (some direction goes down)', () => {
    expect(classifyPoint(quadratic([-1, -2]), Float64Array.of(0, 0)).kind).toBe('saddle');
  });

  it('calls the edge of a plateau flat: the gradient vanishes but the loss drops further along the flat direction', () => {
    // L = ½w² + 1/(1 + e^{10(b − 4)}) at (0, −4): ∂L/∂b ≈ −10·e^−80 and the b-curvature ≈ 100·e^−80, so
    // the gradient vanishes and b is flat; but the loss drops from ≈ 1 to ≈ 0 by b = 8, within the probes'
    // reach (±2^j·max(1, rms θ) for j up to 5).
    const edge: Problem = {
      paramCount: 2,
      loss: (t) => 0.5 * t[0]! ** 2 + 1 / (1 + Math.exp(10 * (t[1]! - 4))),
      lossAndGrad(t, g) {
        const s = 1 / (1 + Math.exp(10 * (t[1]! - 4)));
        g[0] = t[0]!;
        g[1] = -10 * s * (1 - s);
        return 0.5 * t[0]! ** 2 + s;
      },
    };
    expect(classifyPoint(edge, Float64Array.of(0, -4)).kind).toBe('flat');
  });

  it('above MAX_HESSIAN_PARAMS parameters tells a flat point from a curved one by power iteration', () => {
    const n = MAX_HESSIAN_PARAMS + 1;
    expect(classifyPoint(quadratic(Array.from({ length: n }, (_, i) => 1 + i / n)), new Float64Array(n)).kind).toBe('minimum');
    const flat: Problem = { paramCount: n, loss: () => 1, lossAndGrad: (_t, g) => (g.fill(0), 1) };
    expect(classifyPoint(flat, new Float64Array(n)).kind).toBe('flat');
  });
});

/** Solves A x = b by Gauss–Jordan elimination with full pivoting, written out for the test. */
function directSolve(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  const col = Array.from({ length: n }, (_, i) => i);
  for (let c = 0; c < n; c++) {
    let [pr, pc] = [c, c];
    for (let r = c; r < n; r++) for (let k = c; k < n; k++) if (Math.abs(M[r]![k]!) > Math.abs(M[pr]![pc]!)) [pr, pc] = [r, k];
    [M[c], M[pr]] = [M[pr]!, M[c]!];
    for (const row of M) [row[c], row[pc]] = [row[pc]!, row[c]!];
    [col[c], col[pc]] = [col[pc]!, col[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) x[col[i]!] = M[i]![n]! / M[i]![i]!;
  return x;
}

/** A random n × n matrix with entries in [−1, 1] from a seed. */
function randomMatrix(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rng.next() - 1));
}

describe('solveNewton', () => {
  const flat = (A: number[][]) => Float64Array.from(A.flat());

  it('solves random symmetric positive definite systems by Cholesky, like a direct solve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0.05, max: 5, noNaN: true }), (n, seed, shift) => {
        const B = randomMatrix(n, seed);
        const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? shift : 0)));
        const g = randomMatrix(n, seed + 2).map((r) => r[0]!);
        const H = flat(A);
        const gv = Float64Array.from(g);
        const d = new Float64Array(n);
        expect(solveNewton(H, gv, n, d)).toBe('pd');
        expect(Array.from(H)).toEqual(A.flat());
        expect(Array.from(gv)).toEqual(g);
        const x = directSolve(A, g);
        const scale = Math.max(1, ...x.map(Math.abs));
        x.forEach((xi, i) => expect(Math.abs(d[i]! - xi)).toBeLessThan(1e-9 * scale));
      }),
      { numRuns: 300 },
    );
  });

  it('solves random symmetric indefinite systems by elimination and says they are not positive definite', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 1e9 }), (n, seed) => {
        // A = BᵀB + 0.1·I with its first diagonal entry made negative: e₀ᵀAe₀ < 0, so A is not positive definite.
        const B = randomMatrix(n, seed);
        const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 0.1 : 0)));
        A[0]![0] = -Math.abs(A[0]![0]!) - 1;
        const g = randomMatrix(n, seed + 3).map((r) => r[0]!);
        const x = directSolve(A, g);
        // Keep well-posed systems only (a tiny pivot makes any solver's answer meaningless).
        const residualScale = Math.max(1, ...x.map(Math.abs));
        fc.pre(residualScale < 1e6);
        const d = new Float64Array(n);
        expect(solveNewton(flat(A), Float64Array.from(g), n, d)).toBe('indefinite');
        x.forEach((xi, i) => expect(Math.abs(d[i]! - xi)).toBeLessThan(1e-8 * residualScale));
      }),
      { numRuns: 300 },
    );
  });

  it('says singular for a zero, rank-deficient or non-finite matrix', () => {
    const d = new Float64Array(2);
    expect(solveNewton(new Float64Array(4), Float64Array.of(1, 1), 2, d)).toBe('singular');
    expect(solveNewton(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 1), 2, d)).toBe('singular');
    expect(solveNewton(Float64Array.of(1, 0, 0, 0), Float64Array.of(1, 0), 2, d)).toBe('singular');
    expect(solveNewton(Float64Array.of(NaN, 0, 0, 1), Float64Array.of(1, 0), 2, d)).toBe('singular');
    expect(solveNewton(Float64Array.of(Infinity, 0, 0, 1), Float64Array.of(1, 0), 2, d)).toBe('singular');
    // A pivot of 10⁻¹³ of the largest entry counts as singular, 10⁻⁶ does not.
    expect(solveNewton(Float64Array.of(1, 0, 0, 1e-13), Float64Array.of(1, 1), 2, d)).toBe('singular');
    expect(solveNewton(Float64Array.of(1, 0, 0, 1e-6), Float64Array.of(1, 1), 2, d)).toBe('pd');
    expect(Array.from(d)).toEqual([1, 1e6]);
  });
});
