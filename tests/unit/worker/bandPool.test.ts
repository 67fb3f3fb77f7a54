import { describe, expect, it, vi } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import { sampleSurface } from '../../../src/engine/surface';
import { buildSlice, setupMlp } from '../../../src/lab/mlpSetup';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { createBandHandler } from '../../../src/worker/bandHandler';
import type { FromBand, ToBand } from '../../../src/worker/bandMessages';
import { createInlinePool, type BandPool } from '../../../src/worker/bandPool';
import { createHandler } from '../../../src/worker/handler';
import { MLP_TASK_WORK } from '../../../src/worker/mlpJob';
import { createWorkerPool, type SpawnBand } from '../../../src/worker/workerPool';
import { cellBands } from '../../../src/lab/sliceSurface';

type Surface = Extract<FromWorker, { type: 'surface' }>;
type Progress = Extract<FromWorker, { type: 'progress' }>;

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
/** 2-8-8-1 (105 parameters) on 100 points: a 40² grid is sampled in 2 bands, a 96² grid in 11. */
const experiment = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 8, 8, 1], size: 100, steps: 80, grid: 40, ...patch });
const run = (runId: number, e: MlpExperiment): AnyToWorker => ({ type: 'run', runId, experiment: e, surface: true });

/** How a fake band worker behaves: compute, die when given its first band, or answer every band with an error. */
type Mode = 'ok' | 'dies' | 'errors';

/**
 * The handler on a manual queue with a pool of fake band workers: each is a createBandHandler whose
 * requests and replies travel through the same queue, so replies arrive later, interleaved with the
 * engine's own tasks, as with real workers.
 */
function poolHarness(size: number, modes: (k: number) => Mode = () => 'ok', spawnThrows = false) {
  const posted: FromWorker[] = [];
  const queue: (() => void)[] = [];
  const requests: ToBand[] = [];
  let spawned = 0;
  const spawn: SpawnBand = (onMessage, onError) => {
    if (spawnThrows) throw new Error('no nested workers here');
    const mode = modes(spawned++);
    const handle = createBandHandler((msg: FromBand) => queue.push(() => onMessage(msg)));
    let dead = false;
    return {
      post(msg) {
        if (msg.type !== 'band') return;
        requests.push(msg);
        queue.push(() => {
          if (dead) return;
          if (mode === 'dies') {
            dead = true;
            onError('script failed to load');
          } else if (mode === 'errors') onMessage({ type: 'error', job: msg.job, from: msg.from, to: msg.to, message: 'boom' });
          else handle(msg);
        });
      },
      terminate() {
        dead = true;
      },
    };
  };
  const schedule = (fn: () => void) => queue.push(fn);
  const pool: BandPool = createWorkerPool(size, spawn, createInlinePool(schedule));
  const handle = createHandler((msg) => posted.push(msg), schedule, pool);
  const drain = () => {
    for (let guard = 0; queue.length > 0; guard++) {
      if (guard > 100_000) throw new Error('queue never empties');
      queue.shift()!();
    }
  };
  return { handle, posted, queue, drain, requests };
}

/** The handler with the default inline pool, drained. */
function inlineRun(e: MlpExperiment): FromWorker[] {
  const posted: FromWorker[] = [];
  const queue: (() => void)[] = [];
  const handle = createHandler((msg) => posted.push(msg), (fn) => queue.push(fn));
  handle(run(1, e));
  while (queue.length > 0) queue.shift()!();
  return posted;
}

const surfaces = (msgs: FromWorker[], runId = 1) => msgs.filter((m): m is Surface => m.type === 'surface' && m.runId === runId);
const fineOf = (msgs: FromWorker[], runId = 1) => surfaces(msgs, runId).find((s) => !s.coarse)!;

function expectedFine(e: MlpExperiment) {
  const setup = setupMlp(e);
  const spec = e.runs[0];
  const first = spec ? runToEnd({ problem: setup.problem, run: spec, globals: e, start: setup.theta0, steps: e.steps }).trajectory : null;
  return sampleSurface(setup.mlp, buildSlice(setup, e, first).plane, e.grid, e.grid);
}

describe('the band worker pool', () => {
  it('gives the same fine surface, bit for bit, as the unsplit computation, for every slice', () => {
    for (const slice of ['params', 'random', 'pca'] as const) {
      const e = experiment({ slice, center: 'end', pair: [0, 1] });
      const h = poolHarness(3);
      h.handle(run(1, e));
      h.drain();
      const fine = fineOf(h.posted);
      const whole = expectedFine(e);
      expect(fine.values, slice).toEqual(whole.values);
      expect([fine.min, fine.max]).toEqual([whole.min, whole.max]);
      expect(fine.values).toEqual(fineOf(inlineRun(e)).values);
    }
  });

  it('spreads the bands over the workers, each worker initialised once per job with the plane', () => {
    const h = poolHarness(3);
    h.handle(run(1, experiment({ slice: 'pca', grid: 96 })));
    h.drain();
    expect(h.requests.length).toBe(cellBands(96, 100 * 105, MLP_TASK_WORK).length);
    expect(h.requests.length).toBeGreaterThan(6);
    expect(h.requests.filter((r) => r.init)).toHaveLength(3);
    expect(new Set(h.requests.map((r) => r.job)).size).toBe(1);
  });

  it('still posts the coarse surface, the paths, then the fine surface, with monotone surface progress ending at done = total', () => {
    const h = poolHarness(2);
    const e = experiment({ steps: 1500 });
    h.handle(run(1, e));
    h.drain();
    const kinds = h.posted.filter((m) => m.type === 'surface' || m.type === 'chunk').map((m) => (m.type === 'surface' ? (m.coarse ? 'coarse' : 'fine') : 'chunk'));
    expect(kinds[0]).toBe('coarse');
    expect(kinds.at(-1)).toBe('fine');
    expect(kinds.filter((k) => k === 'fine')).toHaveLength(1);
    const ps = h.posted.filter((m): m is Progress => m.type === 'progress' && m.stage === 'surface');
    for (let k = 1; k < ps.length; k++) expect(ps[k]!.done).toBeGreaterThanOrEqual(ps[k - 1]!.done);
    expect(ps.at(-1)).toMatchObject({ done: 40, total: 40 });
  });

  it('reports the band workers\' bands at most once per PROGRESS_POST_MS (they finish every few milliseconds), still ending at done = total', () => {
    // A clock that stands still: every band lands within PROGRESS_POST_MS of the report before it.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1000);
    try {
      const h = poolHarness(2);
      h.handle(run(1, experiment({ slice: 'pca', grid: 96 })));
      h.drain();
      const bands = h.requests.length;
      const ps = h.posted.filter((m): m is Progress => m.type === 'progress' && m.stage === 'surface');
      expect(bands).toBeGreaterThan(6);
      // The preview's reports and the end only (one per band before).
      expect(ps.length).toBeLessThanOrEqual(3);
      expect(ps.at(-1)).toMatchObject({ done: 96, total: 96 });
    } finally {
      clock.mockRestore();
    }
  });

  it('drops the bands of a run once a newer run starts, and posts nothing more of the old one', () => {
    for (const cut of [2, 6, 12, 30]) {
      const h = poolHarness(2);
      h.handle(run(1, experiment({ slice: 'random', grid: 64 })));
      for (let k = 0; k < cut && h.queue.length > 0; k++) h.queue.shift()!();
      const before = h.posted.length;
      const e2 = experiment({ slice: 'params', pair: [0, 1], steps: 10, seed: 5 });
      h.handle(run(2, e2));
      h.drain();
      const after = h.posted.slice(before);
      expect(after.every((m) => 'runId' in m && m.runId === 2), `cut ${cut}`).toBe(true);
      expect(fineOf(after, 2).values).toEqual(expectedFine(e2).values);
    }
  });

  it('falls back to computing inline when band workers die, cannot be spawned or fail a band', () => {
    const e = experiment({ slice: 'random' });
    const whole = expectedFine(e);
    for (const [name, h] of [
      ['all die', poolHarness(2, () => 'dies')],
      ['one dies', poolHarness(2, (k) => (k === 0 ? 'dies' : 'ok'))],
      ['spawn throws', poolHarness(2, () => 'ok', true)],
      ['bands fail', poolHarness(2, () => 'errors')],
    ] as const) {
      h.handle(run(1, e));
      h.drain();
      expect(h.posted.some((m) => m.type === 'error'), name).toBe(false);
      expect(fineOf(h.posted).values, name).toEqual(whole.values);
    }
  });

  it('answers views while the bands are still out', () => {
    const h = poolHarness(2);
    h.handle(run(1, experiment({ slice: 'params', pair: [0, 1], grid: 64 })));
    while (!h.posted.some((m) => m.type === 'chunk')) h.queue.shift()!();
    h.handle({ type: 'view', runId: 1, t: 5, res: 8 });
    expect(h.posted.at(-1)!.type).toBe('view');
    expect(surfaces(h.posted).some((s) => !s.coarse)).toBe(false);
    h.drain();
    expect(surfaces(h.posted).some((s) => !s.coarse)).toBe(true);
  });

  it('keeps two bands out per worker while every worker can have one more, and hands a dead worker’s bands on', () => {
    const e = experiment({ slice: 'random', grid: 12 });
    const setup = setupMlp(e);
    const plane = buildSlice(setup, e, null).plane;
    const workers: { requests: ToBand[]; reply: (k: number) => void; die: () => void }[] = [];
    const spawn: SpawnBand = (onMessage, onError) => {
      const w = {
        requests: [] as ToBand[],
        reply: (k: number) => {
          const r = w.requests.splice(k, 1)[0]!;
          onMessage({ type: 'band', job: r.job, from: r.from, to: r.to, values: new Float32Array(r.to - r.from), min: 0, max: 0 });
        },
        die: () => {
          w.requests.length = 0;
          onError('gone');
        },
      };
      workers.push(w);
      return { post: (msg) => void (msg.type === 'band' && w.requests.push(msg)), terminate: () => {} };
    };
    const pool = createWorkerPool(2, spawn, createInlinePool(() => {}));
    const done: number[] = [];
    const bands = Array.from({ length: 7 }, (_, k): [number, number] => [12 * k, 12 * (k + 1)]);
    pool.sampleBands(
      { runId: 1, experiment: e, plane, grid: 12, bands, inline: () => { throw new Error('not inline'); } },
      { onBand: (b) => done.push(b.from), onError: (err) => { throw err; } },
    );
    const out = () => workers.map((w) => w.requests.map((r) => r.from));
    expect(out()).toEqual([[0, 24], [12, 36]]);
    workers[0]!.reply(0);
    expect(out()).toEqual([[24, 48], [12, 36]]);
    // A dead worker's bands go first, to the next free place.
    workers[1]!.die();
    expect(out()).toEqual([[24, 48], []]);
    workers[0]!.reply(0);
    expect(out()).toEqual([[48, 12], []]);
    for (const next of [[12, 36], [36, 60], [60, 72], [72], []]) {
      workers[0]!.reply(0);
      expect(out()).toEqual([next, []]);
    }
    expect(done.sort((a, b) => a - b)).toEqual(bands.map(([from]) => from));
  });
});
