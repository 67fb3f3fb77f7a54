import type { DataPoint } from '../../protocol/experiment';

/** The window of the data plot: x and y spans [lo, hi]. */
export interface DataDomain {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/**
 * The data plot's window: x covers [−1, 4] and every point with half a unit to spare (whole units); y
 * covers the sigmoid's range [0, 1] and every point (links allow y in [−1, 2]), with a tenth to spare,
 * so every point is drawn inside the frame.
 */
export function dataDomain(data: readonly DataPoint[]): DataDomain {
  let x0 = -1;
  let x1 = 4;
  let y0 = 0;
  let y1 = 1;
  for (const p of data) {
    x0 = Math.min(x0, Math.floor(p.x - 0.5));
    x1 = Math.max(x1, Math.ceil(p.x + 0.5));
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  return { x: [x0, x1], y: [y0 - 0.1, y1 + 0.1] };
}

/** Tick values of the y axis: 0, 0.5 and 1, and the half units beyond them that the window spans. */
export function yTicks(y: readonly [number, number]): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(y[0] * 2) / 2; v <= y[1] + 1e-9; v += 0.5) out.push(v);
  return out;
}
