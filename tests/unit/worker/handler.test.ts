import { describe, expect, it } from 'vitest';
import { getOptimizer } from '../../../src/engine/optimizers';
import { createSigmoidNeuron } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../../src/engine/run';
import type { Experiment, OptimizerId } from '../../../src/protocol/experiment';
import type { FromWorker, ToWorker } from '../../../src/protocol/messages';
import { decode } from '../../../src/url/codec';
import { CHUNK_STEPS } from '../../../src/worker/handler';
import { handlerHarness, type Chunk } from '../support/handlerHarness';
import { plain } from '../support/problems';

const harness = handlerHarness;

const lecture = decode('').shared.experiment;
const experiment = (patch: Partial<Experiment>): Experiment => ({ ...lecture, grid: 16, ...patch });
const run = (runId: number, e: Experiment, surface = true): ToWorker => ({ type: 'run', runId, experiment: e, surface });

/** Concatenates an optimizer's chunks, checking that they are contiguous from row 0. */
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
  it('posts the surface first, then chunks covering rows 0..steps contiguously for every optimizer', () => {
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
    for (const id of e.opt) {
      const cs = h.chunks(7, id);
      expect(cs.length).toBeGreaterThan(0);
      const { rows } = assemble(cs);
      expect(rows).toBe(e.steps + 1);
      expect(cs.at(-1)!.status.kind).not.toBe('running');
    }
  });

  it('streams exactly the trajectory the engine computes for each optimizer', () => {
    const h = harness();
    const e = experiment({ steps: 250, eta: 0.7, gamma: 0.8, start: [1, -3] });
    h.handle(run(1, e));
    h.drain();
    const problem = createSigmoidNeuron(e.data);
    for (const id of e.opt) {
      const expected = runToEnd(problem, getOptimizer(id), e.start, { learningRate: e.eta, momentum: e.gamma }, e.steps);
      const got = assemble(h.chunks(1, id));
      expect(got.params).toEqual(plain(expected.trajectory.params.subarray(0, 2 * expected.trajectory.length)));
      expect(got.loss).toEqual(plain(expected.trajectory.loss.subarray(0, expected.trajectory.length)));
      expect(h.chunks(1, id).at(-1)!.status).toEqual(expected.status);
    }
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
    const e = experiment({ steps: 2 * CHUNK_STEPS + 500, opt: ['gd', 'nesterov'] });
    h.handle(run(3, e));
    // Before the queue runs, only the first chunk of each optimizer is out.
    expect(h.chunks(3, 'gd')).toHaveLength(1);
    expect(h.chunks(3, 'nesterov')).toHaveLength(1);
    expect(h.chunks(3, 'gd')[0]!.loss).toHaveLength(CHUNK_STEPS);
    expect(h.chunks(3, 'gd')[0]!.status.kind).toBe('running');
    expect(h.queue).toHaveLength(1);
    h.drain();
    for (const id of ['gd', 'nesterov'] as const) {
      const cs = h.chunks(3, id);
      expect(cs).toHaveLength(3);
      expect(assemble(cs).rows).toBe(e.steps + 1);
      expect(cs.slice(0, -1).every((c) => c.status.kind === 'running')).toBe(true);
      expect(cs.at(-1)!.status.kind).not.toBe('running');
    }
    expect(h.chunks(3, 'momentum')).toHaveLength(0);
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
    expect(after.every((m) => m.runId === 2)).toBe(true);
    expect(h.chunks(1).every((c) => c.loss.length === CHUNK_STEPS)).toBe(true);
  });

  it('posts only finite numbers for a run that diverges, ending with a diverged status', () => {
    const h = harness();
    h.handle(run(1, experiment({ steps: 500, eta: 1e9, range: [-1000, 1000, -1000, 1000] })));
    h.drain();
    for (const m of h.messages()) expect(allNumbers(m).every(Number.isFinite)).toBe(true);
    for (const id of lecture.opt) {
      const cs = h.chunks(1, id);
      expect(cs.at(-1)!.status).toMatchObject({ kind: 'diverged', reason: 'params-exploded' });
      expect(assemble(cs).rows).toBeGreaterThan(0);
    }
  });

  it('posts an empty chunk with a step-0 divergence for a non-finite start', () => {
    const h = harness();
    h.handle(run(1, experiment({ start: [NaN, Infinity] }), false));
    h.drain();
    const cs = h.chunks(1);
    expect(cs).toHaveLength(3);
    for (const c of cs) {
      expect(c.loss).toHaveLength(0);
      expect(c.params).toHaveLength(0);
      expect(c.status).toEqual({ kind: 'diverged', step: 0, reason: 'params-nonfinite' });
    }
  });

  it('posts engine errors as {type: "error"} with the runId instead of throwing', () => {
    const h = harness();
    expect(() => h.handle(run(4, experiment({ grid: 1 })))).not.toThrow();
    expect(() => h.handle(run(5, experiment({ opt: ['adam' as OptimizerId] }), false))).not.toThrow();
    expect(() => h.handle(run(6, experiment({ steps: -1 }), false))).not.toThrow();
    h.drain();
    const errors = h.messages().filter((m) => m.type === 'error');
    expect(errors.map((m) => m.runId)).toEqual([4, 5, 6]);
    for (const m of errors) if (m.type === 'error') expect(m.message).toMatch(/^engine: /);
  });

  it('posts nothing but the surface for a run with no optimizers', () => {
    const h = harness();
    h.handle(run(1, experiment({ opt: [] })));
    h.drain();
    expect(h.messages().map((m) => m.type)).toEqual(['surface']);
  });

  it('throws on an injected "throw" fault', () => {
    const h = harness();
    expect(() => h.handle({ type: 'fault', kind: 'throw' })).toThrow(/^worker: /);
  });
});
