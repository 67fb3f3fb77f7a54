import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import { projectOntoPlane } from '../../../src/engine/slices';
import { texNum } from '../../../src/engine/optimizers/tex';
import { mlpEquations } from '../../../src/lab/mlpEquations';
import { mlpStepper, planeProjector, type MlpStep } from '../../../src/lab/mlpStep';
import { buildSlice, setupMlp, type MlpSlice } from '../../../src/lab/mlpSetup';
import { stepShapes } from '../../../src/lab/stepGeometry';
import { boxHeight } from '../../../src/views/surface3d/pathSegments';
import { sceneMap } from '../../../src/views/surface3d/sceneMap';
import { createSegments, writeStepSegments } from '../../../src/views/surface3d/stepSegments';
import type { StepView } from '../../../src/lab/stepView';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
const runsOf = (link: string) => (decodeAny(`problem=mlp&${link}`).shared.experiment as MlpExperiment).runs;
const small = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 5, 1], size: 40, steps: 60, ...patch });

/** The experiment's engine objects, the first run to its end (the slice of 'pca' is built from it), and the slice. */
function lab(e: MlpExperiment) {
  const setup = setupMlp(e);
  const runs = e.runs.map((run) => runToEnd({ problem: setup.problem, run, globals: e, start: setup.theta0, steps: e.steps }));
  const slice: MlpSlice = buildSlice(setup, e, runs[0]!.trajectory);
  const stepper = mlpStepper({ problem: setup.problem, runs: e.runs, globals: e, start: setup.theta0, steps: e.steps });
  const n = setup.mlp.paramCount;
  const row = (run: number, k: number) => runs[run]!.trajectory.params.slice(k * n, (k + 1) * n);
  const step = (run: number, k: number): MlpStep => {
    const s = stepper.at(run, k, slice.plane, 1e6);
    if (s === null || s === 'pending') throw new Error(`no step ${k} of run ${run}`);
    return s;
  };
  return { setup, runs, slice, stepper, row, step, n };
}

const view = (s: MlpStep, labels: readonly [string, string] = ['pc1', 'pc2']): StepView => ({ run: s.run, optimizer: s.optimizer, step: s.k, trace: s.plane, mlp: { step: s, labels } });

describe('the MLP step projected on the slice', () => {
  for (const slice of ['pca', 'random', 'params'] as const) {
    it(`GD (${slice} slice): the arrow's tip is the projection of θ_{k+1}, its tail that of θ_k, as the paths are projected`, () => {
      const e = small({ runs: runsOf('runs=gd(eta:0.5)'), slice });
      const { step, row, slice: s } = lab(e);
      for (const k of [0, 7, 31]) {
        const st = step(0, k);
        expect(st.k).toBe(k);
        // The full trace is the worker's own path.
        expect(Array.from(st.full.before)).toEqual(Array.from(row(0, k)));
        expect(Array.from(st.full.after!)).toEqual(Array.from(row(0, k + 1)));
        const shapes = stepShapes(view(st));
        expect(shapes.arrows).toHaveLength(1);
        const [a] = shapes.arrows;
        const from = projectOntoPlane(s.plane, row(0, k));
        const to = projectOntoPlane(s.plane, row(0, k + 1));
        expect(a!.from[0]).toBe(from.a);
        expect(a!.from[1]).toBe(from.b);
        const scale = Math.max(1e-9, Math.hypot(to.a - from.a, to.b - from.b));
        expect(Math.abs(a!.to[0] - to.a) / scale).toBeLessThan(1e-9);
        expect(Math.abs(a!.to[1] - to.b) / scale).toBeLessThan(1e-9);
        expect(st.offPlane[0]).toBeCloseTo(from.offPlane, 12);
      }
    });
  }

  it('momentum: the history term and the gradient term add up to the update, on the slice as in full', () => {
    const e = small({ runs: runsOf('runs=momentum(eta:0.3;gamma:0.8)'), slice: 'random' });
    const { step } = lab(e);
    const st = step(0, 12);
    const p = st.full.probe;
    expect(p.kind).toBe('momentum');
    // Full: θ_{k+1} = θ_k − γ·update − η∇L.
    for (let i = 0; i < st.full.before.length; i++) expect(st.full.before[i]! - p.history[i]! - p.gradStep[i]!).toBeCloseTo(st.full.after![i]!, 12);
    const shapes = stepShapes(view(st));
    const history = shapes.arrows.find((a) => a.role === 'history')!;
    const gradient = shapes.arrows.find((a) => a.role === 'gradient')!;
    const update = shapes.arrows.find((a) => a.role === 'update')!;
    expect(history.to).toEqual(gradient.from);
    expect(gradient.to[0]).toBeCloseTo(update.to[0], 10);
    expect(gradient.to[1]).toBeCloseTo(update.to[1], 10);
    expect(Math.hypot(...st.plane.probe.history)).toBeGreaterThan(0);
  });

  it('Nesterov: the look-ahead ring is the projection of the point where it took its gradient', () => {
    const e = small({ runs: runsOf('runs=nesterov(eta:0.3;gamma:0.8)'), slice: 'pca' });
    const { step, slice } = lab(e);
    const st = step(0, 9);
    const look = projectOntoPlane(slice.plane, st.full.probe.at);
    const shapes = stepShapes(view(st));
    expect(shapes.lookAhead![0]).toBeCloseTo(look.a, 12);
    expect(shapes.lookAhead![1]).toBeCloseTo(look.b, 12);
  });

  it("Rprop on a 'params' slice: the Δ box is the two parameters' step sizes, its flipped sides theirs", () => {
    const e = small({ runs: runsOf('runs=rprop'), slice: 'params', pair: [0, 1], steps: 80 });
    const { step } = lab(e);
    let flipped = 0;
    for (let k = 1; k < 80; k++) {
      const st = step(0, k);
      const box = stepShapes(view(st)).box!;
      expect(box.half[0]).toBeCloseTo(st.full.probe.delta[0]!, 14);
      expect(box.half[1]).toBeCloseTo(st.full.probe.delta[1]!, 14);
      expect(box.undone).toEqual([st.full.probe.undone[0] === 1, st.full.probe.undone[1] === 1]);
      flipped += Number(box.undone[0] || box.undone[1]);
    }
    // The test must see a flip to mean anything.
    expect(flipped).toBeGreaterThan(0);
  });

  it('the box of a general slice is the shadow of the Δ box: Σ Δ_i·|M_i| along each axis', () => {
    const e = small({ runs: runsOf('runs=gd'), slice: 'random' });
    const { slice, n } = lab(e);
    const proj = planeProjector(slice.plane);
    const delta = Float64Array.from({ length: n }, (_, i) => 0.01 * (1 + (i % 3)));
    const { half } = proj.box(delta, new Uint8Array(n));
    // Every corner of the box projects inside ±half, and the corner with the signs of M reaches it.
    const corner = Float64Array.from(delta, (d, i) => d * Math.sign(proj.vector(Float64Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)))[0]));
    expect(proj.vector(corner)[0]).toBeCloseTo(half[0], 12);
  });

  it("replays within a budget: 'pending' until it has replayed far enough, then the same step as at once", () => {
    const e = small({ runs: runsOf('runs=momentum(eta:0.3;gamma:0.8)'), slice: 'pca', steps: 60 });
    const { setup, slice, step } = lab(e);
    const slow = mlpStepper({ problem: setup.problem, runs: e.runs, globals: e, start: setup.theta0, steps: e.steps });
    let pending = 0;
    let got = slow.at(0, 50, slice.plane, 8);
    while (got === 'pending') {
      pending++;
      got = slow.at(0, 50, slice.plane, 8);
    }
    expect(pending).toBeGreaterThanOrEqual(5);
    const fast = step(0, 50);
    expect(Array.from((got as MlpStep).plane.before)).toEqual(Array.from(fast.plane.before));
    expect(Array.from((got as MlpStep).full.probe.gradStep)).toEqual(Array.from(fast.full.probe.gradStep));
  });

  it("at the path's end (t = steps) shows the last step it took", () => {
    const e = small({ runs: runsOf('runs=gd'), slice: 'pca', steps: 30 });
    const { step } = lab(e);
    expect(step(0, 30).k).toBe(29);
  });

  it("the equations give ‖∇L‖, the update's length and the slice coordinates, in the slice's axes", () => {
    const e = small({ runs: runsOf('runs=momentum(eta:0.3;gamma:0.8)'), slice: 'pca' });
    const { step } = lab(e);
    const st = step(0, 5);
    const tex = mlpEquations(view(st)).join('\n');
    const g = Math.hypot(...st.full.gradient);
    expect(tex).toContain(`\\|\\nabla L(\\theta_{5})\\| = ${texNum(g)}\\ \\ (n = 21)`);
    const u = Math.hypot(...Array.from(st.full.before, (x, i) => x - st.full.after![i]!));
    expect(tex).toContain(`\\|\\mathrm{update}_{5} = \\theta_{5} - \\theta_{6}\\| = ${texNum(u)}`);
    expect(tex).toContain(`\\theta_{6} \\mapsto (${texNum(st.plane.after![0]!)}, ${texNum(st.plane.after![1]!)})`);
    expect(tex).toContain('\\text{pc1}');
    // Each vector's slice coordinates are the projected arrow's: the update's is θ_k's minus θ_{k+1}'s.
    const da = st.plane.before[0]! - st.plane.after![0]!;
    expect(tex).toContain(`\\quad\\text{on } (\\text{pc1}, \\text{pc2}):\\ (${texNum(da)}, `);
  });
});

describe("QuickProp's parabolas on the slice: their sum along the step", () => {
  const QP = 'runs=quickprop(eta:0.5;mu:100)';
  for (const slice of ['pca', 'random', 'params'] as const) {
    it(`(${slice} slice) where every parameter took the secant rule, the parabola's vertex projects to θ_{k+1}'s projection`, () => {
      const e = small({ runs: runsOf(QP), slice });
      const { step, row, slice: s } = lab(e);
      let all = 0;
      for (let k = 1; k < 60; k++) {
        const st = step(0, k);
        const p = st.parabola!;
        if (p.secant !== p.n) continue;
        all++;
        const shapes = stepShapes(view(st));
        const par = shapes.parabola!;
        const vertex = -par.g / par.c;
        expect(vertex).toBeCloseTo(1, 9);
        const to = projectOntoPlane(s.plane, row(0, k + 1));
        const scale = Math.max(1e-9, Math.hypot(par.to[0] - par.from[0], par.to[1] - par.from[1]));
        const at = [par.from[0] + vertex * (par.to[0] - par.from[0]), par.from[1] + vertex * (par.to[1] - par.from[1])];
        expect(Math.abs(at[0]! - to.a) / scale).toBeLessThan(1e-6);
        expect(Math.abs(at[1]! - to.b) / scale).toBeLessThan(1e-6);
        // It starts at θ_k's projection, and its value at θ_{k+1} is the sum of the per-parameter parabolas' minima.
        const from = projectOntoPlane(s.plane, row(0, k));
        expect(par.from[0]).toBe(from.a);
        const f = st.full;
        let sum = 0;
        for (let i = 0; i < p.n; i++) {
          const ci = (f.probe.grad[i]! - f.probe.prevGrad[i]!) / (f.before[i]! - f.probe.prevTheta[i]!);
          sum += -(f.probe.grad[i]! ** 2) / (2 * ci);
        }
        expect(par.g + par.c / 2).toBeCloseTo(sum, 9);
      }
      // The test must see such steps to mean anything.
      expect(all).toBeGreaterThan(10);
    });
  }

  it("its slope at θ_k is ∇L·(θ_{k+1} − θ_k); where a parameter took the gradient step or the limit, the vertex is elsewhere", () => {
    const e = small({ runs: runsOf('runs=quickprop(eta:0.5)'), slice: 'pca' });
    const { step, row, setup } = lab(e);
    let mixed = 0;
    for (let k = 0; k < 40; k++) {
      const st = step(0, k);
      const p = st.parabola!;
      const g = new Float64Array(st.full.before.length);
      setup.problem.lossAndGrad(row(0, k), g);
      const d = row(0, k + 1).map((x, i) => x - row(0, k)[i]!);
      expect(p.g).toBeCloseTo(g.reduce((a, gi, i) => a + gi * d[i]!, 0), 12);
      if (k === 0) expect([p.c, p.secant]).toEqual([0, 0]);
      else if (p.secant < p.n && p.secant > 0) {
        mixed++;
        expect(Math.abs(-p.g / p.c - 1)).toBeGreaterThan(1e-6);
      }
    }
    expect(mixed).toBeGreaterThan(5);
  });

  it('in 3D the curve is drawn over the projected step, lowest above θ_{k+1} when every parameter took the secant rule', () => {
    const e = small({ runs: runsOf(QP), slice: 'pca' });
    const { step } = lab(e);
    // A step where every parameter took the secant rule and their sum is convex (it can be concave:
    // QuickProp then jumps to a maximum of its model, and the curve shows that too).
    let k = 1;
    while (k < 59 && !(step(0, k).parabola!.secant === step(0, k).parabola!.n && step(0, k).parabola!.c > 0)) k++;
    const st = step(0, k);
    expect(st.parabola!.secant).toBe(st.parabola!.n);
    expect(st.parabola!.c).toBeGreaterThan(0);
    const v = view(st);
    const shapes = stepShapes(v);
    const p = shapes.parabola!;
    const to = p.to;
    // A box tall enough that nothing is clamped.
    const bottom = st.full.loss + p.g + p.c / 2;
    const map = sceneMap({ range: [to[0] - 5, to[0] + 5, to[1] - 5, to[1] + 5], min: bottom - 1, max: st.full.loss + 1 });
    const out = createSegments();
    const none = createSegments();
    writeStepSegments(out, v, shapes, map, { run: [1, 0, 0], history: [0, 0, 1], undone: [0, 1, 0] }, none);
    // The parabola's segments are the slate (history) ones: find the lowest vertex.
    let low = { y: Infinity, x: NaN, z: NaN };
    for (let i = 0; i < out.count; i++) {
      if (out.colors[i * 6 + 2] !== 1) continue;
      for (const o of [i * 6, i * 6 + 3]) if (out.positions[o + 1]! < low.y) low = { y: out.positions[o + 1]!, x: out.positions[o]!, z: out.positions[o + 2]! };
    }
    expect(low.x).toBeCloseTo(map.x(to[0]), 5);
    expect(low.z).toBeCloseTo(map.z(to[1]), 5);
    // ... at the height of the model's minimum there, m(1) = L + g + c/2 (heights lifted as the paths are).
    expect(low.y).toBeCloseTo(boxHeight(map, bottom).y, 5);
  });
});
