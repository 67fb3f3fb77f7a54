import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAP_SIZES, MLP_MAP_SIZES } from '../../../src/bridge/mapState';
import { decodeAny } from '../../../src/url/codec';
import { disposeBridges, harness } from '../support/bridgeHarness';

afterEach(disposeBridges);

describe('bridge: the (η, γ) map', () => {
  it('asks for the theory run\'s map on start, and cancels and asks again on every experiment or theory change', () => {
    const h = harness();
    const w = h.worker();
    expect(w.maps).toEqual([{ type: 'map', mapId: 1, experiment: h.store.getState().experiment, run: 0, sizes: MAP_SIZES }]);
    h.store.getState().setExperiment({ eta: 0.5 });
    expect(w.maps.slice(1).map((m) => [m.type, m.mapId])).toEqual([['map-cancel', 1], ['map', 2]]);
    h.store.getState().setTheory(1);
    expect(w.maps.slice(3)).toMatchObject([{ type: 'map-cancel', mapId: 2 }, { type: 'map', mapId: 3, run: 1 }]);
    expect(h.store.getState().map).toMatchObject({ id: 3, run: 1, progress: 0 });
  });

  it('during quick changes cancels the running map at once but starts a new one only after the experiment holds still', () => {
    vi.useFakeTimers();
    try {
      const h = harness({ mapSettleMs: 250 });
      const w = h.worker();
      expect(w.maps.filter((m) => m.type === 'map')).toEqual([]);
      vi.advanceTimersByTime(250);
      expect(w.maps.filter((m) => m.type === 'map').map((m) => m.mapId)).toEqual([1]);
      // Three slider ticks 100 ms apart: three cancels, no map until 250 ms after the last.
      for (const eta of [0.5, 0.6, 0.7]) {
        h.store.getState().setExperiment({ eta });
        vi.advanceTimersByTime(100);
      }
      expect(w.maps.filter((m) => m.type === 'map-cancel').map((m) => m.mapId)).toEqual([1, 2, 3]);
      expect(w.maps.filter((m) => m.type === 'map')).toHaveLength(1);
      vi.advanceTimersByTime(150);
      const maps = w.maps.filter((m) => m.type === 'map');
      expect(maps.map((m) => m.mapId)).toEqual([1, 4]);
      expect(maps[1]).toMatchObject({ experiment: { eta: 0.7 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds the MLP\'s map until its run\'s paths are in (it shares the band workers with the fine surface)', () => {
    const h = harness({}, decodeAny('problem=mlp').shared);
    const w = h.worker();
    expect(w.maps.filter((m) => m.type === 'map')).toEqual([]);
    expect(h.store.getState().map).toMatchObject({ id: 1, progress: 0 });
    expect(h.store.getState().map!.sizes).toEqual(MLP_MAP_SIZES);
  });

  it('keeps the newest map\'s replies and drops an older map\'s', () => {
    const h = harness();
    const w = h.worker();
    h.store.getState().setExperiment({ eta: 0.5 });
    const axes = (mapId: number) => ({ type: 'map-axes' as const, mapId, size: 16, optimizer: 'gd', eta: 0.5, gamma: null, etas: new Float64Array(16).fill(1), gammas: null, rows: 1, cols: 16, edge: [null], steps: 10 });
    w.reply(axes(1));
    expect(h.store.getState().map!.layers).toEqual([]);
    w.reply(axes(2));
    expect(h.store.getState().map!.layers).toHaveLength(1);
    w.reply({ type: 'map-rows', mapId: 2, size: 16, r0: 0, r1: 1, cols: 16, status: new Uint8Array(16), step: new Int32Array(16), loss: new Float64Array(16) });
    expect(h.store.getState().map!.progress).toBeCloseTo(16 / (16 + 64), 12);
    w.reply({ type: 'map-error', mapId: 1, message: 'old' });
    expect(h.store.getState().map!.error).toBeNull();
  });
});
