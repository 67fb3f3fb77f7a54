import { afterEach, describe, expect, it } from 'vitest';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { disposeBridges, harness, type FakeWorker } from '../support/bridgeHarness';

afterEach(disposeBridges);

const LINK = 'problem=mlp&arch=2-3-2-1&size=10&steps=4&grid=16&slice=params&opt=gd,momentum';
const requests = (w: FakeWorker) => w.sent.filter((m): m is Extract<AnyToWorker, { type: 'layers' }> => m.type === 'layers');
const chunk = (runId: number, run: number, from: number, rows: number[][], done = false, stop: 'nonfinite' | null = null): FromWorker => ({
  type: 'layers',
  runId,
  run,
  layers: 3,
  from,
  norms: Float64Array.from(rows.flat()),
  done,
  stop,
});

describe('the bridge and the per-layer gradient norms', () => {
  it('asks for the theory run’s norms with every MLP run and when the followed run changes, once each', () => {
    const h = harness({}, decodeAny(LINK).shared);
    const w = h.worker();
    expect(requests(w)).toEqual([{ type: 'layers', runId: 1, run: 0 }]);
    h.store.getState().setTheory(1);
    h.store.getState().setTheory(1);
    expect(requests(w)).toEqual([
      { type: 'layers', runId: 1, run: 0 },
      { type: 'layers', runId: 1, run: 1 },
    ]);
    h.store.getState().setExperiment({ eta: 0.5 });
    expect(requests(w).at(-1)).toEqual({ type: 'layers', runId: 2, run: 1 });
  });

  it('with layersWanted false asks for nothing until a view wants the norms, then for the followed run; not again when unwanted', () => {
    const h = harness({ layersWanted: false }, decodeAny(LINK).shared);
    const w = h.worker();
    expect(requests(w)).toEqual([]);
    h.store.getState().setTheory(1);
    expect(requests(w)).toEqual([]);
    h.bridge.wantLayers(true);
    expect(requests(w)).toEqual([{ type: 'layers', runId: 1, run: 1 }]);
    h.bridge.wantLayers(false);
    h.store.getState().setExperiment({ eta: 0.5 });
    expect(requests(w)).toHaveLength(1);
    h.bridge.wantLayers(true);
    expect(requests(w).at(-1)).toEqual({ type: 'layers', runId: 2, run: 1 });
  });

  it('writes the chunks into live.layers on its own channel, drops stale ones, and starts over at row 0', () => {
    const h = harness({}, decodeAny(LINK).shared);
    const w = h.worker();
    let general = 0;
    let layers = 0;
    h.live.subscribe(() => general++);
    h.live.subscribeLayers(() => layers++);
    w.reply(chunk(1, 0, 0, [[1, 2, 3], [4, 5, 6]]));
    w.reply(chunk(1, 0, 2, [[7, 8, 9]], true));
    w.reply(chunk(1, 1, 0, [[0, 0, 0]])); // a run nobody asked for
    expect({ general, layers }).toEqual({ general: 0, layers: 2 });
    const l = h.live.layers!;
    expect({ run: l.run, length: l.length, done: l.done, stop: l.stop }).toEqual({ run: 0, length: 3, done: true, stop: null });
    expect(Array.from(l.norms.subarray(0, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    h.store.getState().setExperiment({ eta: 0.5 });
    w.reply(chunk(1, 0, 0, [[9, 9, 9]])); // the older run's
    expect(h.live.layers!.length).toBe(3);
    w.reply(chunk(2, 0, 0, [[5, 5, 5]], true, 'nonfinite'));
    expect({ runId: h.live.layers!.runId, length: h.live.layers!.length, stop: h.live.layers!.stop }).toEqual({ runId: 2, length: 1, stop: 'nonfinite' });
  });

  it('asks for none in the sigmoid lab', () => {
    const h = harness();
    expect(requests(h.worker())).toEqual([]);
  });
});
