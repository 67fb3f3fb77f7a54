import { contours } from 'd3-contour';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contourRings, LEVELS, logLevels, ringBuffers } from '../../../src/lab/contourRings';

/** The rings of each level as d3-contour gives them, flattened in the same order. */
function d3Rings(values: Float32Array, nx: number, ny: number, levels: number[]): number[][][] {
  const polys = contours().size([nx, ny]).thresholds(levels).smooth(true)(values as unknown as number[]);
  return polys.map((mp) => mp.coordinates.flatMap((polygon) => polygon.map((ring) => ring.flatMap(([x, y]) => [Math.fround(x!), Math.fround(y!)]))));
}

/** The rings of level k of `r`, as lists of coordinates. */
function ringsOf(r: ReturnType<typeof contourRings>, k: number): number[][] {
  const out: number[][] = [];
  for (let j = k === 0 ? 0 : r.levelEnds[k - 1]!; j < r.levelEnds[k]!; j++) {
    const from = j === 0 ? 0 : r.ringEnds[j - 1]!;
    out.push(Array.from(r.coords.subarray(2 * from, 2 * r.ringEnds[j]!)));
  }
  return out;
}

describe('contourRings', () => {
  it('holds exactly the rings d3-contour finds, level by level, at the log-spaced levels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 24 }), fc.integer({ min: 2, max: 24 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (nx, ny, seed) => {
        let s = seed;
        const values = Float32Array.from({ length: nx * ny }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) ** 3);
        let min = Infinity;
        let max = -Infinity;
        for (const v of values) (min = Math.min(min, v)), (max = Math.max(max, v));
        const r = contourRings(values, nx, ny, min, max);
        const levels = logLevels(min, max, LEVELS);
        expect(Array.from(r.levels)).toEqual(levels);
        const want = d3Rings(values, nx, ny, levels);
        expect(r.levelEnds).toHaveLength(want.length);
        want.forEach((rings, k) => expect(ringsOf(r, k)).toEqual(rings));
      }),
      { numRuns: 60 },
    );
  });

  it('a bowl has closed rings around its minimum, one nested set per level; a flat grid has no levels', () => {
    const n = 21;
    const values = Float32Array.from({ length: n * n }, (_, i) => ((i % n) - 10) ** 2 + (Math.floor(i / n) - 10) ** 2);
    const r = contourRings(values, n, n, 0, 200);
    expect(r.levels).toHaveLength(LEVELS);
    // Every ring is closed (d3 repeats the first point at the end).
    for (let j = 0; j < r.ringEnds.length; j++) {
      const from = j === 0 ? 0 : r.ringEnds[j - 1]!;
      const to = r.ringEnds[j]! - 1;
      expect([r.coords[2 * to], r.coords[2 * to + 1]]).toEqual([r.coords[2 * from], r.coords[2 * from + 1]]);
    }
    const flat = contourRings(new Float32Array(16).fill(0.3), 4, 4, 0.3, 0.3);
    expect([flat.levels.length, flat.coords.length, flat.ringEnds.length]).toEqual([0, 0, 0]);
    expect(ringBuffers(flat)).toHaveLength(4);
  });
});
