import { describe, expect, it } from 'vitest';
import { createLive } from '../../../src/bridge/live';
import { createAppStore } from '../../../src/state/store';
import { decode, decodeAny } from '../../../src/url/codec';
import { RUN_COLORS, runColor } from '../../../src/views/colors';
import { startPoint } from '../../../src/views/startPoint';
import { visibleRuns } from '../../../src/views/useRuns';

describe('run colours', () => {
  it('gives each of 8 runs its own colour, by position, so two identical runs are told apart', () => {
    const colors = Array.from({ length: 8 }, (_, i) => runColor(i));
    expect(new Set(colors).size).toBe(8);
    expect(colors).toEqual([...RUN_COLORS]);
    expect(runColor(0)).not.toBe(runColor(1));
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
