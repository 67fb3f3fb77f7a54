import { describe, expect, it } from 'vitest';
import type { LivePath } from '../../../src/bridge/live';
import { lossAxis } from '../../../src/views/lossChart/lossAxis';

const path = (losses: number[]): LivePath => ({
  params: new Float64Array(losses.length * 2),
  loss: Float64Array.from(losses),
  length: losses.length,
  status: { kind: 'finished' } as unknown as LivePath['status'],
  offPlane: null,
  run: 0,
});

describe('loss axis', () => {
  it('is log when every loss is ≥ 0, an exact 0 (a minimum of loss 0 reached exactly) on its floor', () => {
    const a = lossAxis([path([2, 0.5, 0])], { linear: false, all: false });
    expect(a.forcedLinear).toBeUndefined();
    expect(a.hi).toBe(1);
  });

  it('goes linear, and says so, when a loss is negative (a saddle), spanning the lowest loss', () => {
    const a = lossAxis([path([1, -0.5, -4.4e11])], { linear: false, all: false });
    expect(a.forcedLinear).toBe(true);
    expect(a.lo).toBe(-4.4e11);
    expect(a.hi).toBe(1);
    expect(a.y(-3)).toBe(-3);
    // Big ticks in exponent form so they fit the margin.
    expect(a.ticks.map(a.format).every((t) => t.length <= 7)).toBe(true);
    expect(lossAxis([path([1, -2])], { linear: true, all: false }).forcedLinear).toBeUndefined();
  });
});
