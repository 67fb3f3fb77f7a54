import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import { sampleSurface } from '../../../src/engine/surface';
import { buildSlice, setupMlp } from '../../../src/lab/mlpSetup';
import { projectRows } from '../../../src/lab/sliceSurface';
import type { AnyExperiment, MlpExperiment, RunSpec } from '../../../src/protocol/experiment';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import { decode, decodeAny } from '../../../src/url/codec';
import { COARSE_GRID, MLP_FIRST_TASK_WORK, MLP_TASK_WORK } from '../../../src/worker/mlpJob';
import { handlerHarness, type Chunk, type Surface } from '../support/handlerHarness';
import { plain } from '../support/problems';

const harness = handlerHarness;

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
/** A small network and few points and steps, so each test runs in milliseconds. */
const experiment = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 5, 1], size: 40, steps: 60, grid: 33, ...patch });
/** θ's length for 2-5-1: W1 2·5, b1 5, W2 5·1, b2 1. */
const N = 21;
/** With each row's full θ in the chunks (the page asks without: see mlpJob's withTheta). */
const run = (runId: number, e: AnyExperiment, surface = true): AnyToWorker => ({ type: 'run', runId, experiment: e, surface, theta: true });
/** The runs of a link such as `runs=gd,momentum(gamma:0.5)`. */
const runsOf = (link: string): readonly RunSpec[] => decodeAny(`problem=mlp&${link}`).shared.experiment.runs;
/** The engine's own run of position i of e, from the seeded θ₀. */
const engineRun = (e: MlpExperiment, i: number) => {
  const setup = setupMlp(e);
  return runToEnd({ problem: setup.problem, run: e.runs[i]!, globals: e, start: setup.theta0, steps: e.steps });
};

/** A run's chunks put together, checking that they are contiguous from row 0 and shaped per row. */
function assemble(chunks: Chunk[], n: number) {
  let next = 0;
  const ab: number[] = [];
  const loss: number[] = [];
  const off: number[] = [];
  const theta: number[] = [];
  for (const c of chunks) {
    const rows = c.loss.length;
    expect(c.from).toBe(next);
    expect(c.params).toHaveLength(2 * rows);
    expect(c.offPlane).toHaveLength(rows);
    expect(c.theta).toHaveLength(n * rows);
    ab.push(...plain(c.params));
    loss.push(...plain(c.loss));
    off.push(...plain(c.offPlane!));
    theta.push(...plain(c.theta!));
    next += rows;
  }
  return { ab, loss, off, theta, rows: next };
}

/** Everything a message holds, typed arrays as plain numbers, for exact comparisons of whole runs. */
const snapshot = (msgs: FromWorker[]) =>
  JSON.stringify(msgs, (_, v: unknown) => (ArrayBuffer.isView(v) ? { typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) } : v));

describe('createHandler with an MLP experiment', () => {
  it('posts the data, the coarse surface, then the projected paths, then the full surface', () => {
    const h = harness();
    const e = experiment({ steps: 300 });
    h.handle(run(1, e));
    h.drain();
    const types = h.messages().filter((m) => m.type !== 'progress' && m.type !== 'data').map((m) => (m.type === 'surface' ? `surface:${m.coarse ? 'coarse' : 'fine'}` : m.type));
    expect(h.messages()[0]!.type).toBe('data');
    expect(types[0]).toBe('surface:coarse');
    expect(types.at(-1)).toBe('surface:fine');
    expect(types.slice(1, -1).every((t) => t === 'chunk')).toBe(true);
    const [coarse, fine] = h.surfaces(1);
    expect([coarse!.nx, coarse!.ny, coarse!.values.length]).toEqual([COARSE_GRID, COARSE_GRID, COARSE_GRID ** 2]);
    expect([fine!.nx, fine!.ny, fine!.values.length]).toEqual([33, 33, 33 * 33]);
    expect(fine!.slice).toEqual(coarse!.slice);
    e.runs.forEach((_, i) => {
      const got = assemble(h.chunks(1, i), N);
      expect(got.rows).toBe(e.steps + 1);
      expect(h.chunks(1, i).at(-1)!.status.kind).not.toBe('running');
    });
  });

  it('streams the engine trajectory: θ rows exactly, params their projection onto the slice, offPlane their distance', () => {
    const h = harness();
    const e = experiment({ eta: 0.5, gamma: 0.8, runs: runsOf('runs=gd,momentum,nesterov(gamma:0.5),gd(eta:0.1),rprop,quickprop') });
    h.handle(run(1, e));
    h.drain();
    const setup = setupMlp(e);
    const runs = e.runs.map((_, i) => engineRun(e, i));
    const slice = buildSlice(setup, e, runs[0]!.trajectory);
    expect(h.surfaces(1)[0]!.slice).toEqual(slice.info);
    e.runs.forEach((_, k) => {
      const t = runs[k]!.trajectory;
      const got = assemble(h.chunks(1, k), N);
      const p = projectRows(slice.plane, t.params, N, 0, t.length);
      expect(got.theta).toEqual(plain(t.params.subarray(0, N * t.length)));
      expect(got.loss).toEqual(plain(t.loss.subarray(0, t.length)));
      expect(got.ab).toEqual(plain(p.ab));
      expect(got.off).toEqual(plain(p.offPlane));
      expect(h.chunks(1, k).at(-1)!.status).toEqual(runs[k]!.status);
      expect(h.chunks(1, k).at(-1)!.notes).toEqual(runs[k]!.notes);
    });
    expect(assemble(h.chunks(1, 3), N).theta).not.toEqual(assemble(h.chunks(1, 0), N).theta);
  });

  it('keeps two identical runs apart: each position streams the whole path, the same rows in each', () => {
    const h = harness();
    const e = experiment({ runs: runsOf('runs=gd,gd') });
    h.handle(run(1, e));
    h.drain();
    const a = assemble(h.chunks(1, 0), N);
    const b = assemble(h.chunks(1, 1), N);
    expect(a.rows).toBe(e.steps + 1);
    expect(b).toEqual(a);
    expect(a.theta).toEqual(plain(engineRun(e, 0).trajectory.params));
  });

  it('streams a Newton run on a small network, timed with the injected clock', () => {
    const h = handlerHarness({ msPerReading: 2 });
    const e = experiment({ layers: [2, 3, 1], steps: 10, runs: runsOf('runs=newton,gd') });
    h.handle(run(1, e));
    h.drain();
    const newton = engineRun(e, 0);
    const got = assemble(h.chunks(1, 0), 13);
    expect(got.theta).toEqual(plain(newton.trajectory.params.subarray(0, 13 * newton.trajectory.length)));
    expect(h.chunks(1, 0).at(-1)!.status).toEqual(newton.status);
    expect(h.chunks(1, 0).at(-1)!.notes).toEqual(newton.notes);
    for (const c of h.chunks(1)) expect(c.msPerStep).toBeGreaterThan(0);
  });

  it('samples the surface of the slice plane: both grids equal sampleSurface over it', () => {
    for (const slice of ['pca', 'random', 'params'] as const) {
      const h = harness();
      const e = experiment({ slice, pair: [3, 11], center: 'end' });
      h.handle(run(1, e));
      h.drain();
      const setup = setupMlp(e);
      const first = engineRun(e, 0);
      const { plane } = buildSlice(setup, e, first.trajectory);
      const [coarse, fine] = h.surfaces(1);
      expect(coarse!.values).toEqual(sampleSurface(setup.mlp, plane, COARSE_GRID, COARSE_GRID).values);
      const whole = sampleSurface(setup.mlp, plane, 33, 33);
      expect(fine!.values).toEqual(whole.values);
      expect([fine!.min, fine!.max]).toEqual([whole.min, whole.max]);
    }
  });

  it('has the loss at the plane origin in the centre cell of a random slice (odd grid)', () => {
    for (const center of ['start', 'end'] as const) {
      const h = harness();
      const e = experiment({ slice: 'random', center, extent: 0.75 });
      h.handle(run(1, e));
      h.drain();
      const setup = setupMlp(e);
      const first = engineRun(e, 0);
      const { plane } = buildSlice(setup, e, first.trajectory);
      const fine = h.surfaces(1).find((s) => !s.coarse)!;
      expect(fine.values[16 * 33 + 16]).toBe(Math.fround(setup.mlp.loss(plane.origin)));
      if (center === 'end') {
        // The plane's origin is the first run's last iterate: its loss is that path's last loss.
        const last = h.chunks(1, 0).at(-1)!;
        expect(fine.values[16 * 33 + 16]).toBe(Math.fround(last.loss.at(-1)!));
      } else expect(plane.origin).toEqual(setup.theta0);
    }
  });

  it('centres a PCA slice at the end of the first run, which projects to (0, 0) on the plane, and says how much it explains', () => {
    const h = harness();
    const e = experiment({ slice: 'pca', runs: runsOf('runs=nesterov,gd') });
    h.handle(run(1, e));
    h.drain();
    const info = h.surfaces(1)[0]!.slice!;
    expect(info.mode).toBe('pca');
    expect(info.labels).toEqual(['pc1', 'pc2']);
    const [s1, s2] = info.explained!;
    expect(s1).toBeGreaterThan(0);
    expect(s2).toBeGreaterThanOrEqual(0);
    expect(s1).toBeGreaterThanOrEqual(s2);
    expect(s1 + s2).toBeLessThanOrEqual(1 + 1e-12);
    const last = h.chunks(1, 0).at(-1)!;
    expect([last.params.at(-2), last.params.at(-1), last.offPlane!.at(-1)]).toEqual([0, 0, 0]);
    // The second run (gd) is not the plane's centre.
    expect(h.chunks(1, 1).at(-1)!.offPlane!.at(-1)).toBeGreaterThan(0);
    const [a0, a1, b0, b1] = info.window;
    const first = assemble(h.chunks(1, 0), N);
    for (let k = 0; k < first.rows; k++) {
      expect(first.ab[2 * k]).toBeGreaterThanOrEqual(a0);
      expect(first.ab[2 * k]).toBeLessThanOrEqual(a1);
      expect(first.ab[2 * k + 1]).toBeGreaterThanOrEqual(b0);
      expect(first.ab[2 * k + 1]).toBeLessThanOrEqual(b1);
    }
  });

  it('keeps a train-only-the-pair path exactly on its params slice: offPlane 0, (a, b) = (θ_i, θ_j), the others at θ₀', () => {
    const h = harness();
    const e = experiment({ slice: 'params', pair: [4, 20], trainOnly: true });
    h.handle(run(1, e));
    h.drain();
    const info = h.surfaces(1)[0]!.slice!;
    expect(info.labels).toEqual(['W1[2][0]', 'b2[0]']);
    const theta0 = setupMlp(e).theta0;
    for (const i of e.runs.keys()) {
      const got = assemble(h.chunks(1, i), N);
      expect(got.off.every((x) => x === 0)).toBe(true);
      for (let k = 0; k < got.rows; k++) {
        const row = got.theta.slice(N * k, N * (k + 1));
        expect([got.ab[2 * k], got.ab[2 * k + 1]]).toEqual([row[4], row[20]]);
        expect(row.filter((_, p) => p !== 4 && p !== 20)).toEqual(plain(theta0).filter((_, p) => p !== 4 && p !== 20));
      }
    }
  });

  it('posts only finite numbers, for a run that diverges too', () => {
    for (const e of [experiment({}), experiment({ dataset: 'sine', layers: [1, 8, 1], outputActivation: 'identity', eta: 50, steps: 200 })]) {
      const h = harness();
      h.handle(run(1, e));
      h.drain();
      for (const m of h.messages()) {
        expect(m.type).not.toBe('error');
        const numbers = m.type === 'surface' ? [...m.values, m.min, m.max, ...m.slice!.window, ...(m.slice!.explained ?? [])] : m.type === 'chunk' ? [...m.params, ...m.loss, ...m.offPlane!, ...m.theta!] : [];
        expect(numbers.every(Number.isFinite)).toBe(true);
      }
    }
    const h = harness();
    h.handle(run(1, experiment({ dataset: 'sine', layers: [1, 8, 1], outputActivation: 'identity', eta: 50, steps: 200 })));
    h.drain();
    expect(h.chunks(1).some((c) => c.status.kind === 'diverged')).toBe(true);
  });

  it('posts the same messages, bit for bit, for the same link twice', () => {
    const link = 'problem=mlp&size=60&steps=150&arch=2-6-6-1&slice=random&center=end&grid=40';
    const once = () => {
      const h = harness();
      h.handle(run(1, decodeAny(link).shared.experiment));
      h.drain();
      return snapshot(h.messages());
    };
    const a = once();
    expect(a.length).toBeGreaterThan(10_000);
    expect(once()).toBe(a);
  });

  it('transfers every typed array it posts', () => {
    const h = harness();
    h.handle(run(1, experiment({})));
    h.drain();
    for (const { msg, transfer } of h.posted) {
      if (msg.type === 'surface') expect(transfer).toContain(msg.values.buffer);
      if (msg.type === 'chunk') for (const a of [msg.params, msg.loss, msg.offPlane!, msg.theta!]) expect(transfer).toContain(a.buffer);
    }
  });

  it('sends the rows\' full θ only when the run message asks for it (the page does not), the rest the same', () => {
    const e = experiment({});
    const chunks = (theta: boolean) => {
      const h = harness();
      h.handle({ type: 'run', runId: 1, experiment: e, surface: true, theta });
      h.drain();
      return h.posted.filter((p) => p.msg.type === 'chunk');
    };
    const without = chunks(false);
    const withTheta = chunks(true);
    expect(without.length).toBe(withTheta.length);
    for (const { msg, transfer } of without) {
      expect(msg.type === 'chunk' && msg.theta).toBe(undefined);
      expect(transfer).toHaveLength(3);
    }
    const strip = (m: FromWorker) => snapshot([{ ...m, theta: undefined } as FromWorker]);
    expect(without.map((p) => strip(p.msg))).toEqual(withTheta.map((p) => strip(p.msg)));
  });

  it('skips the surfaces when not asked for them, unless the slice moves with the path', () => {
    for (const [slice, center, expected] of [['params', 'end', 0], ['random', 'start', 0], ['random', 'end', 2], ['pca', 'end', 2]] as const) {
      const h = harness();
      h.handle(run(1, experiment({ slice, center }), false));
      h.drain();
      expect(h.surfaces(1), `${slice} ${center}`).toHaveLength(expected);
      expect(h.chunks(1).length).toBeGreaterThan(0);
    }
  });

  it('while a PCA run trains, posts its rows projected onto the slice shown (interim), then from row 0 on its own slice', () => {
    const h = harness();
    const first = experiment({ steps: 200 });
    h.handle(run(1, first));
    h.drain();
    const shown = h.surfaces(1).at(-1)!.slice!;
    const e = experiment({ steps: 200, eta: first.eta * 0.5, runs: runsOf('runs=gd,momentum') });
    h.handle(run(2, e, false));
    h.drain();
    const msgs = h.messages().filter((m): m is Chunk | Surface => (m.type === 'chunk' || m.type === 'surface') && m.runId === 2);
    const surfaceAt = msgs.findIndex((m) => m.type === 'surface');
    const before = msgs.slice(0, surfaceAt) as Chunk[];
    const after = msgs.slice(surfaceAt + 1).filter((m): m is Chunk => m.type === 'chunk');
    // Interim rows come first, for every run, marked so; none after the run's own surface.
    expect(before.length).toBeGreaterThanOrEqual(e.runs.length);
    expect(before.every((c) => c.type === 'chunk' && c.interim === true)).toBe(true);
    expect(after.every((c) => c.interim === undefined)).toBe(true);
    const setup = setupMlp(e);
    const runs = e.runs.map((_, i) => engineRun(e, i));
    const oldPlane = buildSlice(setupMlp(first), first, engineRun(first, 0).trajectory).plane;
    expect(buildSlice(setupMlp(first), first, engineRun(first, 0).trajectory).info).toEqual(shown);
    const own = buildSlice(setup, e, runs[0]!.trajectory);
    expect(h.surfaces(2)[0]!.slice).toEqual(own.info);
    e.runs.forEach((_, k) => {
      const t = runs[k]!.trajectory;
      const interim = assemble(before.filter((c) => c.run === k), N);
      expect(interim.rows).toBeGreaterThan(0);
      expect(interim.ab).toEqual(plain(projectRows(oldPlane, t.params, N, 0, interim.rows).ab));
      // The run's own rows: all of them again from row 0, projected onto its own slice.
      const got = assemble(after.filter((c) => c.run === k), N);
      expect(got.rows).toBe(t.length);
      expect(got.ab).toEqual(plain(projectRows(own.plane, t.params, N, 0, t.length).ab));
      expect(got.theta).toEqual(plain(t.params.subarray(0, N * t.length)));
    });
  });

  it('posts the first new rows after a short first task (MLP_FIRST_TASK_WORK), then a whole task\'s steps per task', () => {
    const h = harness();
    const big = { steps: 400, size: 200, layers: [2, 8, 8, 1] as const, grid: 33 };
    h.handle(run(1, experiment({ ...big })));
    h.drain();
    const e = experiment({ ...big, eta: base.eta * 0.5, runs: runsOf('runs=gd,momentum') });
    h.handle(run(2, e, false));
    h.drain();
    // 2-8-8-1 has 105 parameters: a step costs 3·200·105 multiply-adds, and both runs train in each task.
    const stepCost = 3 * 200 * 105;
    const first = Math.floor(MLP_FIRST_TASK_WORK / (2 * stepCost));
    const whole = Math.floor(MLP_TASK_WORK / (2 * stepCost));
    expect(first).toBeLessThan(whole);
    for (const k of [0, 1]) {
      const rows = h.chunks(2, k).filter((c) => c.interim).map((c) => c.loss.length);
      // The first task's rows, then a whole task's.
      expect(rows.slice(0, 2)).toEqual([first, whole]);
    }
  });

  it('posts no interim rows where the page must replace its surface (a new network) or the slice does not move', () => {
    for (const [patch, surface] of [[{ layers: [2, 4, 1] }, true], [{ slice: 'params' }, false]] as const) {
      const h = harness();
      h.handle(run(1, experiment({})));
      h.drain();
      h.handle(run(2, experiment({ ...patch, eta: 0.3 }), surface));
      h.drain();
      expect(h.chunks(2).some((c) => c.interim), JSON.stringify(patch)).toBe(false);
    }
  });

  it('posts one surface, not coarse, for a grid of 32 or less', () => {
    const h = harness();
    h.handle(run(1, experiment({ grid: 20 })));
    h.drain();
    const ss = h.surfaces(1);
    expect(ss.map((s) => [s.nx, s.coarse])).toEqual([[20, false]]);
    expect(h.messages().filter((m) => m.type !== 'progress')[1]!.type).toBe('surface');
  });

  it('with no runs posts only the surfaces, of a slice through θ₀', () => {
    const h = harness();
    h.handle(run(1, experiment({ runs: [] })));
    h.drain();
    expect(h.messages().map((m) => m.type)).toEqual(['data', 'surface', 'progress', 'surface', 'progress']);
    expect(h.surfaces(1)[0]!.slice!.explained).toEqual([0, 0]);
  });

  it('posts nothing more of a run once a newer run has been received, mid-path or mid-surface', () => {
    for (const cut of [1, 5, 40]) {
      const h = harness();
      h.handle(run(1, experiment({ steps: 2000, size: 200, grid: 64 })));
      for (let k = 0; k < cut && h.queue.length > 0; k++) h.queue.shift()!();
      const before = h.posted.length;
      h.handle(run(2, experiment({ steps: 10 })));
      h.drain();
      const after = h.messages().slice(before);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((m) => 'runId' in m && m.runId === 2)).toBe(true);
    }
  });

  it('yields between tasks: a run is split into many scheduled tasks', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 1000, size: 200, layers: [2, 8, 8, 1], grid: 40 })));
    let tasks = 0;
    while (h.queue.length > 0) {
      h.queue.shift()!();
      tasks++;
    }
    expect(tasks).toBeGreaterThan(10);
  });

  it('posts an engine error for an experiment the URL table would not produce', () => {
    const h = harness();
    expect(() => h.handle(run(3, experiment({ dataset: 'sine' })))).not.toThrow();
    expect(() => h.handle(run(4, experiment({ slice: 'params', pair: [0, 99] })))).not.toThrow();
    // Newton needs the network's Hessian: 2-16-16-1 has 337 parameters, past what it is computed for.
    expect(() => h.handle(run(5, experiment({ layers: [2, 16, 16, 1], runs: runsOf('runs=gd,newton') })))).not.toThrow();
    h.drain();
    const errors = h.messages().filter((m) => m.type === 'error');
    expect(errors.map((m) => m.runId)).toEqual([3, 4, 5]);
    for (const m of errors) if (m.type === 'error') expect(m.message).toMatch(/^engine: /);
  });

  it('leaves the sigmoid lab’s messages as they were: no coarse, slice, offPlane or theta (the contour rings are the only addition)', () => {
    const h = harness();
    h.handle(run(1, { ...decode('').shared.experiment, steps: 5, grid: 16 }));
    h.drain();
    const [surface, chunk] = h.messages();
    expect(Object.keys(surface!)).toEqual(['type', 'runId', 'values', 'nx', 'ny', 'min', 'max', 'rings']);
    expect(Object.keys(chunk!)).toEqual(['type', 'runId', 'run', 'from', 'params', 'loss', 'status', 'notes', 'msPerStep']);
  });
});
