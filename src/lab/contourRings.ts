import { contours } from 'd3-contour';

/** Number of log-spaced contour levels. */
export const LEVELS = 18;

/** `count` contour levels spaced evenly on the loss colour scale (views/colors lossScale), i.e. geometrically above the minimum. */
export function logLevels(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const eps = span / 1000;
  const top = Math.log1p(span / eps);
  const out: number[] = [];
  for (let k = 1; k <= count; k++) out.push(min + eps * Math.expm1((top * k) / (count + 1)));
  return out;
}

/**
 * The filled contour bands {L ≥ level} of a surface grid, flattened for a transfer from the worker:
 * level k's rings are rings levelEnds[k−1]..levelEnds[k)−1, ring j's points are
 * ringEnds[j−1]..ringEnds[j)−1, point p is (coords[2p], coords[2p+1]) in grid coordinates (d3-contour:
 * sample i sits at i + ½). Filling each level's rings together with the even-odd rule gives the band.
 */
export interface ContourRings {
  readonly levels: Float64Array;
  readonly coords: Float32Array;
  readonly ringEnds: Uint32Array;
  readonly levelEnds: Uint32Array;
}

/**
 * Computed where the grid is made (the engine worker), so the page's main thread only fills paths:
 * marching squares over a 128 × 128 grid took 15–40 ms of the main thread per surface.
 */
export function contourRings(values: Float32Array, nx: number, ny: number, min: number, max: number): ContourRings {
  const levels = logLevels(min, max, LEVELS);
  const gen = contours().size([nx, ny]).thresholds(levels).smooth(true);
  const polys = gen(values as unknown as number[]);
  let points = 0;
  let rings = 0;
  for (const mp of polys) for (const polygon of mp.coordinates) for (const ring of polygon) (points += ring.length), rings++;
  const coords = new Float32Array(points * 2);
  const ringEnds = new Uint32Array(rings);
  const levelEnds = new Uint32Array(polys.length);
  let p = 0;
  let r = 0;
  polys.forEach((mp, k) => {
    for (const polygon of mp.coordinates) {
      for (const ring of polygon) {
        for (const pt of ring) {
          coords[2 * p] = pt[0]!;
          coords[2 * p + 1] = pt[1]!;
          p++;
        }
        ringEnds[r++] = p;
      }
    }
    levelEnds[k] = r;
  });
  return { levels: Float64Array.from(levels), coords, ringEnds, levelEnds };
}

/** The typed arrays of `rings`, for postMessage's transfer list. */
export function ringBuffers(rings: ContourRings): ArrayBuffer[] {
  return [rings.levels.buffer, rings.coords.buffer, rings.ringEnds.buffer, rings.levelEnds.buffer] as ArrayBuffer[];
}
