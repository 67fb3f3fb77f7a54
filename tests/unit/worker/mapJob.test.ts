import { describe, expect, it } from 'vitest';
import { mapAxes, mapRows, type MapBand } from '../../../src/engine/convergenceMap';
import { createSigmoidNeuron } from '../../../src/engine/problems/sigmoidNeuron';
import type { Experiment } from '../../../src/protocol/experiment';
import type { FromMap, FromWorker } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { createBandHandler } from '../../../src/worker/bandHandler';
import type { FromBand, ToBandWorker } from '../../../src/worker/bandMessages';
import { createInlinePool } from '../../../src/worker/bandPool';
import { createHandler } from '../../../src/worker/handler';
import { createMapScheduler } from '../../../src/worker/mapJob';
import { createInlineMapPool, type MapPool, type MapPoolRequest, type MapSink } from '../../../src/worker/mapPool';
import { createWorkerPool } from '../../../src/worker/workerPool';

/** The sigmoid lab's default experiment, shortened; run 2 (index 1) is momentum. */
const sigmoid = { ...(decodeAny('').shared.experiment as Experiment), steps: 100, runs: [{ optimizer: 'gd', settings: {} }, { optimizer: 'momentum', settings: {} }] };

const expected = (size: number, run = 1) => {
  const spec = { problem: createSigmoidNeuron(sigmoid.data), run: sigmoid.runs[run]!, globals: sigmoid, start: sigmoid.start, steps: sigmoid.steps, size };
  return mapRows(spec, 0, mapAxes(spec.run, sigmoid, size).rows);
};

/** A pool whose bands the test answers by hand (computing them with mapRows), recording cancels. */
function fakePool(workers = 2) {
  const requests: { request: MapPoolRequest; sink: MapSink; cancelled: boolean }[] = [];
  const pool: MapPool = {
    workers,
    mapBands(request, sink) {
      const r = { request, sink, cancelled: false };
      requests.push(r);
      return () => void (r.cancelled = true);
    },
  };
  const answer = (k: number) => {
    const r = requests[k]!;
    for (const [r0, r1] of r.request.bands) if (!r.cancelled) r.sink.onBand(mapRows(r.request.spec, r0, r1, r.request.axes));
  };
  return { pool, requests, answer };
}

/** Reassembles the rows of stage `size` from the posted map-rows. */
function cells(posted: FromMap[], size: number) {
  const rows = posted.filter((m): m is Extract<FromMap, { type: 'map-rows' }> => m.type === 'map-rows' && m.size === size);
  const n = Math.max(...rows.map((m) => m.r1));
  const status = new Uint8Array(n * size);
  const step = new Int32Array(n * size);
  for (const m of rows) {
    status.set(m.status, m.r0 * m.cols);
    step.set(m.step, m.r0 * m.cols);
  }
  return { status: Array.from(status), step: Array.from(step) };
}

describe('map scheduler (engine worker)', () => {
  it('posts the coarse stage, then the fine one: axes, rows equal to the engine\'s, done', () => {
    const posted: FromMap[] = [];
    const f = fakePool();
    const s = createMapScheduler((m) => posted.push(m), f.pool);
    s.start({ mapId: 1, experiment: sigmoid, run: 1, sizes: [4, 8] });
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]!.request.init).toEqual({ experiment: sigmoid, run: 1, size: 4 });
    expect(posted.map((m) => m.type)).toEqual(['map-axes']);
    f.answer(0);
    expect(f.requests).toHaveLength(2);
    f.answer(1);
    const types = posted.map((m) => `${m.type}${'size' in m ? m.size : ''}`);
    expect(types[0]).toBe('map-axes4');
    expect(types.filter((t) => t === 'map-done4' || t === 'map-done8')).toEqual(['map-done4', 'map-done8']);
    expect(types.indexOf('map-axes8')).toBeGreaterThan(types.indexOf('map-done4'));
    const done = posted.filter((m) => m.type === 'map-done');
    expect(done.map((m) => m.type === 'map-done' && m.final)).toEqual([false, true]);
    for (const size of [4, 8]) {
      const want = expected(size);
      expect(cells(posted, size)).toEqual({ status: Array.from(want.status), step: Array.from(want.step) });
    }
    const axes = posted[0] as Extract<FromMap, { type: 'map-axes' }>;
    expect([axes.rows, axes.cols, axes.edge.length, axes.gamma]).toEqual([4, 4, 4, sigmoid.gamma]);
  });

  it('a cancel, or a newer map, stops the current one: nothing of it is posted afterwards', () => {
    const posted: FromMap[] = [];
    const f = fakePool();
    const s = createMapScheduler((m) => posted.push(m), f.pool);
    s.start({ mapId: 1, experiment: sigmoid, run: 1, sizes: [4, 8] });
    s.cancel(1);
    expect(f.requests[0]!.cancelled).toBe(true);
    f.answer(0);
    expect(posted.map((m) => m.type)).toEqual(['map-axes']);
    s.start({ mapId: 2, experiment: sigmoid, run: 0, sizes: [4] });
    s.start({ mapId: 3, experiment: sigmoid, run: 1, sizes: [4] });
    expect(f.requests[1]!.cancelled).toBe(true);
    f.answer(1);
    f.answer(2);
    expect(posted.filter((m) => m.type === 'map-rows').every((m) => m.mapId === 3)).toBe(true);
    expect(posted.at(-1)).toMatchObject({ type: 'map-done', mapId: 3, final: true });
    // An older cancel does not stop a newer map.
    s.start({ mapId: 4, experiment: sigmoid, run: 1, sizes: [4] });
    s.cancel(3);
    expect(f.requests[3]!.cancelled).toBe(false);
  });

  it('refuses an optimizer without η and a run past the list with map-error', () => {
    const posted: FromMap[] = [];
    const s = createMapScheduler((m) => posted.push(m), fakePool().pool);
    s.start({ mapId: 1, experiment: { ...sigmoid, runs: [{ optimizer: 'rprop', settings: {} }] }, run: 0, sizes: [4] });
    s.start({ mapId: 2, experiment: sigmoid, run: 5, sizes: [4] });
    expect(posted.map((m) => [m.type, m.mapId])).toEqual([['map-error', 1], ['map-error', 2]]);
    expect((posted[0] as { message: string }).message).toMatch(/no η/);
  });

  it('the inline pool computes one cell per task and gives the engine\'s cells', () => {
    const queue: (() => void)[] = [];
    const pool = createInlineMapPool((fn) => queue.push(fn));
    const bands: MapBand[] = [];
    const spec = { problem: createSigmoidNeuron(sigmoid.data), run: sigmoid.runs[1]!, globals: sigmoid, start: sigmoid.start, steps: sigmoid.steps, size: 4 };
    const axes = mapAxes(spec.run, sigmoid, 4);
    pool.mapBands({ init: { experiment: sigmoid, run: 1, size: 4 }, spec, axes, bands: [[0, 2], [2, 4]] }, { onBand: (b) => bands.push(b), onError: (e) => { throw e; } });
    let tasks = 0;
    while (queue.length) {
      queue.shift()!();
      tasks++;
    }
    expect(tasks).toBe(16);
    const want = mapRows(spec, 0, 4, axes);
    expect([...bands[0]!.status, ...bands[1]!.status]).toEqual(Array.from(want.status));
    expect([...bands[0]!.loss, ...bands[1]!.loss]).toEqual(Array.from(want.loss));
  });
});

describe('worker pool: map bands over band workers', () => {
  /** Band workers made of band handlers on one manual queue (messages and their tasks in order). */
  function workers(n: number) {
    const queue: (() => void)[] = [];
    const sent: ToBandWorker[] = [];
    const spawn = (onMessage: (m: FromBand) => void) => {
      const handle = createBandHandler((m) => queue.push(() => onMessage(m)), (fn) => queue.push(fn));
      return { post: (m: ToBandWorker) => (sent.push(m), queue.push(() => handle(m))), terminate: () => {} };
    };
    const drain = () => {
      for (let g = 0; queue.length; g++) {
        if (g > 100_000) throw new Error('never drains');
        queue.shift()!();
      }
    };
    const inline = createInlinePool((fn) => queue.push(fn));
    return { pool: createWorkerPool(n, spawn as never, inline, createInlineMapPool((fn) => queue.push(fn))), queue, sent, drain };
  }

  it('spreads a map over the workers and hands back the engine\'s cells; a cancel posts map-cancel and nothing more arrives', () => {
    const w = workers(2);
    const posted: FromMap[] = [];
    const s = createMapScheduler((m) => posted.push(m), w.pool);
    s.start({ mapId: 1, experiment: sigmoid, run: 1, sizes: [8] });
    w.drain();
    expect(posted.at(-1)).toMatchObject({ type: 'map-done', final: true });
    const want = expected(8);
    expect(cells(posted, 8)).toEqual({ status: Array.from(want.status), step: Array.from(want.step) });
    expect(w.sent.filter((m) => m.type === 'map' && m.init).length).toBe(2);

    posted.length = 0;
    s.start({ mapId: 2, experiment: sigmoid, run: 1, sizes: [8] });
    w.queue.shift()!(); // one message delivered, the rest pending
    s.cancel(2);
    expect(w.sent.some((m) => m.type === 'map-cancel')).toBe(true);
    w.drain();
    expect(posted.filter((m) => m.type !== 'map-axes')).toEqual([]);
  });
});

describe('engine worker handler: map messages', () => {
  it('answers map beside a run, and map-cancel stops it', () => {
    const posted: FromWorker[] = [];
    const queue: (() => void)[] = [];
    const schedule = (fn: () => void) => queue.push(fn);
    const handle = createHandler((m) => posted.push(m), schedule);
    handle({ type: 'run', runId: 1, experiment: sigmoid, surface: false });
    handle({ type: 'map', mapId: 1, experiment: sigmoid, run: 1, sizes: [4] });
    while (queue.length) queue.shift()!();
    expect(posted.filter((m) => m.type === 'chunk').length).toBeGreaterThan(0);
    expect(posted.at(-1)).toMatchObject({ type: 'map-done', mapId: 1, final: true });
    posted.length = 0;
    handle({ type: 'map', mapId: 2, experiment: sigmoid, run: 1, sizes: [4] });
    queue.shift()!();
    handle({ type: 'map-cancel', mapId: 2 });
    while (queue.length) queue.shift()!();
    expect(posted.map((m) => m.type)).toEqual(['map-axes']);
  });
});
