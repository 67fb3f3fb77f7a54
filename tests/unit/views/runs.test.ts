import { describe, expect, it } from 'vitest';
import { createLive } from '../../../src/bridge/live';
import { createAppStore } from '../../../src/state/store';
import { decode, decodeAny } from '../../../src/url/codec';
import { colormap, luminance, RUN_COLORS, runColor, runHalo } from '../../../src/views/colors';
import { startPoint } from '../../../src/views/startPoint';
import { visibleRuns } from '../../../src/views/useRuns';

describe('run colours', () => {
  it('gives each of 8 runs its own colour, by position, so two identical runs are told apart', () => {
    const colors = Array.from({ length: 8 }, (_, i) => runColor(i));
    expect(new Set(colors).size).toBe(8);
    expect(colors).toEqual([...RUN_COLORS]);
    expect(runColor(0)).not.toBe(runColor(1));
  });

  it('halos every run colour so it stands out from the pale valley floor and white (2 : 1 at least), the yellow with a dark halo', () => {
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const hex = (c: [number, number, number]) => `#${c.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
    const halo = (i: number) => (runHalo(i).startsWith('rgba(255') ? 1 : luminance('#1f2937'));
    const paleFloor = luminance(hex(colormap(0)));
    expect(runHalo(7)).not.toBe(runHalo(0));
    for (let i = 0; i < 8; i++) {
      const l = luminance(runColor(i));
      // The line against its halo, and the halo against what lies under it.
      expect(contrast(l, halo(i)), runColor(i)).toBeGreaterThanOrEqual(2);
      if (contrast(l, paleFloor) < 2) expect(contrast(halo(i), paleFloor), runColor(i)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('wraps past the palette instead of giving no colour', () => {
    expect(runColor(RUN_COLORS.length)).toBe(runColor(0));
    expect(runColor(-1)).toBe(runColor(RUN_COLORS.length - 1));
  });
});

describe('visibleRuns', () => {
  it('lists the positions not hidden, in legend order, one of two identical runs hidden alone', () => {
    const store = createAppStore(decode('runs=gd,gd,momentum').shared);
    expect(visibleRuns(store.getState())).toEqual([0, 1, 2]);
    store.getState().toggleRun(1);
    expect(visibleRuns(store.getState())).toEqual([0, 2]);
    store.getState().toggleRun(0);
    store.getState().toggleRun(2);
    expect(visibleRuns(store.getState())).toEqual([]);
  });

  it('drops hidden positions past the run list', () => {
    const store = createAppStore(decode('runs=gd,gd,momentum').shared);
    expect(visibleRuns({ experiment: store.getState().experiment, off: [1, 5] })).toEqual([0, 2]);
  });
});

describe('startPoint', () => {
  it('is the sigmoid lab’s start, whatever the paths', () => {
    const store = createAppStore(decode('start=1,-2').shared);
    expect(startPoint(store.getState(), createLive())).toEqual([1, -2]);
  });

  it('is, for the MLP, the first row of the first run position that has one', () => {
    const store = createAppStore(decodeAny('problem=mlp&runs=gd,momentum').shared);
    const live = createLive();
    expect(startPoint(store.getState(), live)).toBeNull();
    const path = (a: number, b: number, length: number) => ({
      params: Float64Array.from([a, b, 0, 0]),
      loss: new Float64Array(2),
      length,
      status: { kind: 'running' } as const,
      offPlane: new Float64Array(2),
      run: 1,
    });
    live.paths[0] = path(9, 9, 0);
    live.paths[1] = path(0.5, -0.25, 2);
    expect(startPoint(store.getState(), live)).toEqual([0.5, -0.25]);
    live.paths[0] = path(0.1, 0.2, 1);
    expect(startPoint(store.getState(), live)).toEqual([0.1, 0.2]);
  });
});
