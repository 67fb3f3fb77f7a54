import { describe, expect, it } from 'vitest';
import { createSigmoidNeuron } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../../src/engine/run';
import type { Experiment, RunSpec } from '../../../src/protocol/experiment';
import type { FromWorker, ToWorker } from '../../../src/protocol/messages';
import { decode } from '../../../src/url/codec';
import { CHUNK_STEPS } from '../../../src/worker/handler';
import { handlerHarness, type Chunk } from '../support/handlerHarness';
import { plain } from '../support/problems';

const harness = handlerHarness;

const lecture = decode('').shared.experiment;
const experiment = (patch: Partial<Experiment>): Experiment => ({ ...lecture, grid: 16, ...patch });
const run = (runId: number, e: Experiment, surface = true): ToWorker => ({ type: 'run', runId, experiment: e, surface });
/** The runs of a link such as `runs=gd,momentum(gamma:0.5)`. */
const runsOf = (link: string): readonly RunSpec[] => decode(link).shared.experiment.runs;

/** Concatenates a run's chunks, checking that they are contiguous from row 0. */
function assemble(chunks: Chunk[]) {
  const params: number[] = [];
  const loss: number[] = [];
  let next = 0;
  for (const c of chunks) {
    expect(c.from).toBe(next);
    expect(c.params.length).toBe(2 * c.loss.length);
    params.push(...plain(c.params));
    loss.push(...plain(c.loss));
    next += c.loss.length;
  }
  return { params, loss, rows: next };
}

function allNumbers(m: FromWorker): number[] {
  switch (m.type) {
    case 'surface':
      return [...m.values, m.min, m.max];
    case 'chunk':
      return [...m.params, ...m.loss];
    default:
      return [];
  }
}

describe('createHandler', () => {
  it('posts the surface first, then chunks covering rows 0..steps contiguously for every run', () => {
    const h = harness();
    const e = experiment({ steps: 300 });
    h.handle(run(7, e));
    h.drain();
    const first = h.messages()[0]!;
    expect(first.type).toBe('surface');
    if (first.type !== 'surface') return;
    expect(first.runId).toBe(7);
    expect([first.nx, first.ny]).toEqual([16, 16]);
    expect(first.values).toHaveLength(256);
    expect(e.runs).toHaveLength(3);
    e.runs.forEach((_, i) => {
      const cs = h.chunks(7, i);
      expect(cs.length).toBeGreaterThan(0);
      const { rows } = assemble(cs);
      expect(rows).toBe(e.steps + 1);
      expect(cs.at(-1)!.status.kind).not.toBe('running');
    });
    expect(h.chunks(7).every((c) => c.run >= 0 && c.run < e.runs.length)).toBe(true);
  });

  it('streams exactly the trajectory the engine computes for each run, with its settings and the globals', () => {
    const h = harness();
    const runs = runsOf('runs=gd,momentum,nesterov(gamma:0.5),gd(eta:0.3;decay:inv),momentum(clip:0.5),newton,rprop(step:0.05),quickprop');
    expect(runs).toHaveLength(8);
    const e = experiment({ steps: 250, eta: 0.7, gamma: 0.8, start: [1, -3], runs });
    h.handle(run(1, e));
    h.drain();
    const problem = createSigmoidNeuron(e.data);
    runs.forEach((spec, i) => {
      const expected = runToEnd({ problem, run: spec, globals: e, start: e.start, steps: e.steps });
      const got = assemble(h.chunks(1, i));
      expect(got.params, spec.optimizer).toEqual(plain(expected.trajectory.params.subarray(0, 2 * expected.trajectory.length)));
      expect(got.loss).toEqual(plain(expected.trajectory.loss.subarray(0, expected.trajectory.length)));
      expect(h.chunks(1, i).at(-1)!.status).toEqual(expected.status);
      expect(h.chunks(1, i).at(-1)!.notes).toEqual(expected.notes);
    });
    // The runs really differ: each position carries its own run, not the first of its optimizer.
    expect(assemble(h.chunks(1, 3)).params).not.toEqual(assemble(h.chunks(1, 0)).params);
    expect(assemble(h.chunks(1, 2)).params).not.toEqual(assemble(h.chunks(1, 1)).params);
  });

  it('keeps two identical runs apart: a chunk per position, the same rows in each', () => {
    const h = harness();
    const e = experiment({ steps: 2 * CHUNK_STEPS + 10, runs: runsOf('runs=gd,gd') });
    h.handle(run(2, e));
    h.drain();
    expect(h.chunks(2, 0)).toHaveLength(3);
    expect(h.chunks(2, 1)).toHaveLength(3);
    expect(h.chunks(2)).toHaveLength(6);
    const [a, b] = [assemble(h.chunks(2, 0)), assemble(h.chunks(2, 1))];
    expect(a.rows).toBe(e.steps + 1);
    expect(b).toEqual(a);
    // Each position streams from its own cursor: both start at row 0 and go on from where they were.
    expect(h.chunks(2).map((c) => [c.run, c.from])).toEqual([[0, 0], [1, 0], [0, CHUNK_STEPS], [1, CHUNK_STEPS], [0, 2 * CHUNK_STEPS], [1, 2 * CHUNK_STEPS]]);
  });

  it('reports Newton’s indefinite Hessian in the chunk notes, and no note for a run that has none', () => {
    const h = harness();
    // From (−2, −2) the sigmoid neuron's Hessian is not positive definite (a saturated, concave corner).
    const e = experiment({ steps: 30, runs: runsOf('runs=gd,newton') });
    h.handle(run(1, e));
    h.drain();
    const problem = createSigmoidNeuron(e.data);
    const newton = runToEnd({ problem, run: e.runs[1]!, globals: e, start: e.start, steps: e.steps });
    expect(h.chunks(1, 0).at(-1)!.notes).toEqual({ indefiniteFrom: null });
    expect(h.chunks(1, 1).at(-1)!.notes).toEqual(newton.notes);
    expect(newton.notes.indefiniteFrom).not.toBeNull();
  });

  it('times each run’s steps with the injected clock: msPerStep is the measured time over the steps taken', () => {
    // The clock moves 1 ms per reading, and the handler reads it before and after every advance: 1 ms per advance.
    const h = handlerHarness({ msPerReading: 1 });
    const e = experiment({ steps: 2 * CHUNK_STEPS + 500, runs: runsOf('runs=gd,momentum') });
    h.handle(run(1, e));
    h.drain();
    for (const i of [0, 1]) {
      const cs = h.chunks(1, i);
      expect(cs).toHaveLength(3);
      expect(cs[0]!.msPerStep).toBe(1 / CHUNK_STEPS);
      expect(cs[1]!.msPerStep).toBe(2 / (2 * CHUNK_STEPS));
    }
    expect(h.clock.readings).toBe(2 * 3 * 2);
    const still = harness();
    still.handle(run(1, e));
    still.drain();
    expect(still.chunks(1).every((c) => c.msPerStep === 0)).toBe(true);
  });

  it('counts steps, not rows, in msPerStep: a one-step run took all of the measured time for its one step', () => {
    const h = handlerHarness({ msPerReading: 4 });
    h.handle(run(1, experiment({ steps: 1, runs: runsOf('runs=gd') })));
    h.drain();
    const [c] = h.chunks(1, 0);
    expect(c!.loss).toHaveLength(2);
    expect(c!.msPerStep).toBe(4);
  });

  it('reports no time per step for a run that took no step', () => {
    const h = handlerHarness({ msPerReading: 4 });
    h.handle(run(1, experiment({ start: [NaN, 0], runs: runsOf('runs=gd') }), false));
    h.drain();
    expect(h.chunks(1, 0).map((c) => c.msPerStep)).toEqual([0]);
  });

  it('transfers the typed arrays of every message instead of copying them', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 20 })));
    h.drain();
    for (const { msg, transfer } of h.posted) {
      if (msg.type === 'surface') expect(transfer).toContain(msg.values.buffer);
      if (msg.type === 'chunk') {
        expect(transfer).toContain(msg.params.buffer);
        expect(transfer).toContain(msg.loss.buffer);
      }
    }
  });

  it('skips the surface when not asked for one', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 10 }), false));
    h.drain();
    expect(h.messages().some((m) => m.type === 'surface')).toBe(false);
    expect(h.chunks(1)).toHaveLength(3);
  });

  it('streams a run longer than CHUNK_STEPS in several chunks, yielding to the queue between them', () => {
    const h = harness();
    const e = experiment({ steps: 2 * CHUNK_STEPS + 500, runs: runsOf('runs=gd,nesterov') });
    h.handle(run(3, e));
    // Before the queue runs, only the first chunk of each run is out.
    expect(h.chunks(3, 0)).toHaveLength(1);
    expect(h.chunks(3, 1)).toHaveLength(1);
    expect(h.chunks(3, 0)[0]!.loss).toHaveLength(CHUNK_STEPS);
    expect(h.chunks(3, 0)[0]!.status.kind).toBe('running');
    expect(h.queue).toHaveLength(1);
    h.drain();
    for (const i of [0, 1]) {
      const cs = h.chunks(3, i);
      expect(cs).toHaveLength(3);
      expect(assemble(cs).rows).toBe(e.steps + 1);
      expect(cs.slice(0, -1).every((c) => c.status.kind === 'running')).toBe(true);
      expect(cs.at(-1)!.status.kind).not.toBe('running');
    }
    expect(h.chunks(3, 2)).toHaveLength(0);
  });

  it('posts no further chunk of a run once a newer run has been received', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 3 * CHUNK_STEPS })));
    expect(h.queue).toHaveLength(1);
    const before = h.posted.length;
    h.handle(run(2, experiment({ steps: 100 })));
    h.drain();
    const after = h.messages().slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((m) => 'runId' in m && m.runId === 2)).toBe(true);
    expect(h.chunks(1).every((c) => c.loss.length === CHUNK_STEPS)).toBe(true);
  });

  it('posts only finite numbers for a run that diverges, ending with a diverged status', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 500, eta: 1e9, range: [-1000, 1000, -1000, 1000] })));
    h.drain();
    for (const m of h.messages()) expect(allNumbers(m).every(Number.isFinite)).toBe(true);
    lecture.runs.forEach((_, i) => {
      const cs = h.chunks(1, i);
      expect(cs.at(-1)!.status).toMatchObject({ kind: 'diverged', reason: 'params-exploded' });
      expect(assemble(cs).rows).toBeGreaterThan(0);
    });
  });

  it('posts an empty chunk with a step-0 divergence for a non-finite start', () => {
    const h = harness();
    h.handle(run(1, experiment({ start: [NaN, Infinity] }), false));
    h.drain();
    const cs = h.chunks(1);
    expect(cs).toHaveLength(3);
    expect(cs.map((c) => c.run)).toEqual([0, 1, 2]);
    for (const c of cs) {
      expect(c.loss).toHaveLength(0);
      expect(c.params).toHaveLength(0);
      expect(c.status).toEqual({ kind: 'diverged', step: 0, reason: 'params-nonfinite' });
    }
  });

  it('posts engine errors as {type: "error"} with the runId instead of throwing', () => {
    const h = harness();
    expect(() => h.handle(run(4, experiment({ grid: 1 })))).not.toThrow();
    expect(() => h.handle(run(5, experiment({ runs: [{ optimizer: 'adam', settings: {} }] }), false))).not.toThrow();
    expect(() => h.handle(run(6, experiment({ steps: -1 }), false))).not.toThrow();
    h.drain();
    const errors = h.messages().filter((m) => m.type === 'error');
    expect(errors.map((m) => m.runId)).toEqual([4, 5, 6]);
    for (const m of errors) if (m.type === 'error') expect(m.message).toMatch(/^engine: /);
  });

  it('posts nothing but the surface for an experiment with no runs', () => {
    const h = harness();
    h.handle(run(1, experiment({ runs: [] })));
    h.drain();
    expect(h.messages().map((m) => m.type)).toEqual(['surface']);
  });

  it('throws on an injected "throw" fault', () => {
    const h = harness();
    expect(() => h.handle({ type: 'fault', kind: 'throw' })).toThrow(/^worker: /);
  });
});
