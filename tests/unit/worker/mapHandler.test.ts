import { describe, expect, it } from 'vitest';
import { mapRows } from '../../../src/engine/convergenceMap';
import { createSigmoidNeuron } from '../../../src/engine/problems/sigmoidNeuron';
import type { Experiment, MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';
import { createBandHandler } from '../../../src/worker/bandHandler';
import type { FromBand, MapInit, ToBandWorker } from '../../../src/worker/bandMessages';

/** The sigmoid lab's default experiment, shortened; run 2 is momentum. */
const sigmoid = { ...(decodeAny('').shared.experiment as Experiment), steps: 200 };
const init = (size = 4, run = 1, experiment: MapInit['experiment'] = sigmoid): MapInit => ({ experiment, run, size });
type MapReply = Extract<FromBand, { type: 'map' }>;

/** A band handler on a manual task queue: `step()` runs one scheduled task (one map row). */
function harness(withSchedule = true) {
  const posted: FromBand[] = [];
  const queue: (() => void)[] = [];
  const handle = createBandHandler((msg) => posted.push(msg), withSchedule ? (fn) => queue.push(fn) : undefined);
  const drain = () => {
    for (let guard = 0; queue.length > 0; guard++) {
      if (guard > 10_000) throw new Error('queue never empties');
      queue.shift()!();
    }
  };
  return { handle: (m: ToBandWorker) => handle(m), posted, queue, step: () => queue.shift()?.(), drain };
}

/** The rows the engine computes for the same map, directly. */
function expected(r0: number, r1: number, size = 4, run = 1) {
  return mapRows({ problem: createSigmoidNeuron(sigmoid.data), run: sigmoid.runs[run]!, globals: sigmoid, start: sigmoid.start, steps: sigmoid.steps, size }, r0, r1);
}

describe('band handler: map jobs', () => {
  it('answers each row band with the engine\'s cells, in the order asked', () => {
    const h = harness();
    h.handle({ type: 'map', job: 1, r0: 0, r1: 3, init: init() });
    h.handle({ type: 'map', job: 1, r0: 3, r1: 4 });
    h.drain();
    expect(h.posted.map((m) => m.type)).toEqual(['map', 'map']);
    const [a, b] = h.posted as MapReply[];
    expect([a!.r0, a!.r1, b!.r0, b!.r1, a!.cols]).toEqual([0, 3, 3, 4, 4]);
    for (const [got, want] of [[a!, expected(0, 3)], [b!, expected(3, 4)]] as const) {
      expect(Array.from(got.status)).toEqual(Array.from(want.status));
      expect(Array.from(got.step)).toEqual(Array.from(want.step));
      expect(Array.from(got.loss)).toEqual(Array.from(want.loss));
    }
  });

  it('computes one row per task, so a newer job drops the older one\'s unfinished bands', () => {
    const h = harness();
    h.handle({ type: 'map', job: 1, r0: 0, r1: 4, init: init() });
    h.handle({ type: 'map', job: 1, r0: 0, r1: 2 });
    h.step(); // row 0 of the first band
    expect(h.posted).toEqual([]);
    h.handle({ type: 'map', job: 2, r0: 0, r1: 1, init: init(4, 2) });
    expect(h.posted.map((m) => [m.type, m.job])).toEqual([['map-dropped', 1], ['map-dropped', 1]]);
    // A late request of the old job is dropped at once.
    h.handle({ type: 'map', job: 1, r0: 2, r1: 4 });
    h.drain();
    expect(h.posted.map((m) => [m.type, m.job])).toEqual([['map-dropped', 1], ['map-dropped', 1], ['map-dropped', 1], ['map', 2]]);
    expect(Array.from((h.posted[3] as MapReply).status)).toEqual(Array.from(expected(0, 1, 4, 2).status));
  });

  it('map-cancel drops the job\'s queued bands and refuses its later ones', () => {
    const h = harness();
    h.handle({ type: 'map', job: 5, r0: 0, r1: 2, init: init() });
    h.handle({ type: 'map', job: 5, r0: 2, r1: 4 });
    h.handle({ type: 'map-cancel', job: 5 });
    h.handle({ type: 'map', job: 5, r0: 0, r1: 1 });
    h.drain();
    expect(h.posted.map((m) => m.type)).toEqual(['map-dropped', 'map-dropped', 'map-dropped']);
    h.handle({ type: 'map', job: 6, r0: 0, r1: 1, init: init() });
    h.drain();
    expect(h.posted[3]!.type).toBe('map');
  });

  it('posts errors (rows before the init, rows out of range, a missing run) and never throws', () => {
    const h = harness();
    h.handle({ type: 'map', job: 1, r0: 0, r1: 1 });
    h.handle({ type: 'map', job: 2, r0: 0, r1: 9, init: init() });
    h.handle({ type: 'map', job: 3, r0: 0, r1: 1, init: init(4, 7) });
    h.handle({ type: 'map', job: 4, r0: 0, r1: 1, init: init(4, 0) }); // gd: one row only
    h.handle({ type: 'map', job: 4, r0: 1, r1: 2 });
    h.drain();
    const errors = h.posted.filter((m) => m.type === 'map-error') as Extract<FromBand, { type: 'map-error' }>[];
    expect(errors.map((e) => e.job)).toEqual([1, 2, 3, 4]);
    expect(errors[0]!.message).toMatch(/before its init/);
    expect(errors[1]!.message).toMatch(/outside/);
    expect(errors[2]!.message).toMatch(/run 7/);
    const gd = h.posted.find((m) => m.type === 'map') as MapReply;
    expect([gd.job, gd.r0, gd.r1, gd.status.length]).toEqual([4, 0, 1, 4]);
  });

  it('without a scheduler answers at once; surface bands of an MLP job still work beside a map job', () => {
    const h = harness(false);
    h.handle({ type: 'map', job: 1, r0: 0, r1: 4, init: init() });
    expect(h.posted.map((m) => m.type)).toEqual(['map']);
    const mlp = { ...(decodeAny('problem=mlp').shared.experiment as MlpExperiment), layers: [2, 3, 1], size: 20 };
    const n = 2 * 3 + 3 + 3 + 1;
    const origin = new Float64Array(n);
    const u = new Float64Array(n).fill(0).map((_, i) => (i === 0 ? 1 : 0));
    const v = new Float64Array(n).fill(0).map((_, i) => (i === 1 ? 1 : 0));
    h.handle({ type: 'band', job: 1, from: 0, to: 4, init: { experiment: mlp, grid: 2, origin, u, v, window: [-1, 1, -1, 1] } });
    expect(h.posted[1]!.type).toBe('band');
    // The MLP map: the experiment's problem from θ₀.
    h.handle({ type: 'map', job: 2, r0: 0, r1: 1, init: init(2, 0, { ...mlp, steps: 20 }) });
    expect(h.posted[2]!.type).toBe('map');
  });
});
