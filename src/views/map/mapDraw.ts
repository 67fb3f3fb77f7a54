import type { MapLayer } from '../../state/store';
import { cellColor, pendingColor } from './mapColors';

/** Room around the map's cells for the η ticks (below) and the γ ticks (left). */
export const MAP_MARGIN = { left: 38, right: 10, top: 8, bottom: 30 } as const;

/** Where a layer's cells are drawn: the plot box in CSS px, and the log10 η of the first and last columns. */
export interface MapFrame {
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
  readonly rows: number;
  readonly cols: number;
  readonly logLo: number;
  readonly logHi: number;
  /** γ of the top row's centre (0.99), null for a strip. */
  readonly gammaMax: number | null;
}

export function mapFrame(width: number, height: number, layer: Pick<MapLayer, 'rows' | 'cols' | 'etas' | 'gammas'>): MapFrame {
  const { rows, cols, etas, gammas } = layer;
  const lo = Math.log10(etas[0]!);
  const hi = Math.log10(etas[cols - 1]!);
  return {
    x0: MAP_MARGIN.left,
    y0: MAP_MARGIN.top,
    w: Math.max(1, width - MAP_MARGIN.left - MAP_MARGIN.right),
    h: Math.max(1, height - MAP_MARGIN.top - MAP_MARGIN.bottom),
    rows,
    cols,
    logLo: Number.isFinite(lo) ? lo : 0,
    logHi: Number.isFinite(hi) && hi > lo ? hi : lo + 1,
    gammaMax: gammas && rows > 1 ? gammas[rows - 1]! : null,
  };
}

/** x (CSS px) of η: column c's centre is η_c, columns equally wide; log-spaced in between. */
export function etaX(f: MapFrame, eta: number): number {
  const c = f.cols > 1 ? ((Math.log10(eta) - f.logLo) / (f.logHi - f.logLo)) * (f.cols - 1) : 0;
  return f.x0 + ((c + 0.5) / f.cols) * f.w;
}

/** y (CSS px) of γ: row 0 (γ = 0) at the bottom, the top row (0.99) at the top; a strip's middle without γ. */
export function gammaY(f: MapFrame, gamma: number | null): number {
  if (gamma === null || f.gammaMax === null) return f.y0 + f.h / 2;
  const r = (gamma / f.gammaMax) * (f.rows - 1);
  return f.y0 + f.h - ((r + 0.5) / f.rows) * f.h;
}

/** The cell under (x, y) in CSS px, or null outside the cells. */
export function cellAt(f: MapFrame, x: number, y: number): { r: number; c: number } | null {
  const u = (x - f.x0) / f.w;
  const v = (y - f.y0) / f.h;
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return null;
  return { r: f.rows - 1 - Math.floor(v * f.rows), c: Math.floor(u * f.cols) };
}

/** The labelled η ticks: every decade inside [10^lo, 10^hi], with 3 in between when the window has fewer than 3 decades. */
export function etaTicks(logLo: number, logHi: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(logLo - 1e-9); k <= logHi + 1e-9; k++) {
    out.push(10 ** k);
    const half = 3 * 10 ** k;
    if (logHi - logLo < 3 && Math.log10(half) <= logHi + 1e-9) out.push(half);
  }
  return out.filter((x) => Math.log10(x) >= logLo - 1e-9).sort((a, b) => a - b);
}

export const GAMMA_TICKS = [0, 0.25, 0.5, 0.75, 0.99] as const;

/** η as a tick label: 0.001, 0.03, 1, 30, 1e3 style, no float noise. */
export function formatEta(eta: number): string {
  if (!Number.isFinite(eta)) return '—';
  if (eta >= 1e4 || eta < 1e-3) return eta.toExponential(0).replace('e+', 'e');
  return String(Number(eta.toPrecision(2)));
}

/**
 * The RGBA pixels of a map, one per cell, row 0 of the image = the top row (highest γ). Rows of `layer`
 * not filled yet take the nearest cell of `under` (the coarser stage) where it has one, else the pending colour.
 */
export function cellPixels(layer: MapLayer, under: MapLayer | null, steps: number): Uint8ClampedArray {
  const { rows, cols } = layer;
  const px = new Uint8ClampedArray(rows * cols * 4);
  for (let r = 0; r < rows; r++) {
    const y = rows - 1 - r;
    for (let c = 0; c < cols; c++) {
      let rgb;
      if (layer.filled[r]) {
        const i = r * cols + c;
        rgb = cellColor(layer.status[i]!, layer.step[i]!, steps);
      } else if (under) {
        const ur = Math.min(under.rows - 1, Math.floor(((r + 0.5) / rows) * under.rows));
        const uc = Math.min(under.cols - 1, Math.floor(((c + 0.5) / cols) * under.cols));
        rgb = under.filled[ur] ? cellColor(under.status[ur * under.cols + uc]!, under.step[ur * under.cols + uc]!, steps) : pendingColor();
      } else rgb = pendingColor();
      const o = 4 * (y * cols + c);
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = 255;
    }
  }
  return px;
}

/** The layer to draw: the finest stage with any row in, else the first stage (null before any axes). */
export function shownLayers(layers: readonly MapLayer[]): { layer: MapLayer; under: MapLayer | null } | null {
  for (let k = layers.length - 1; k >= 0; k--) {
    const l = layers[k]!;
    if (k === 0 || l.filled.some((x) => x === 1)) return { layer: l, under: k > 0 ? layers[k - 1]! : null };
  }
  return null;
}

/** A cell's η and γ, rounded for the link: η to 3 significant digits, γ to 3 decimals (null without γ). */
export function cellSetting(layer: Pick<MapLayer, 'etas' | 'gammas'>, r: number, c: number): { eta: number; gamma: number | null } {
  const eta = Number(layer.etas[c]!.toPrecision(3));
  const gamma = layer.gammas ? Number(layer.gammas[r]!.toFixed(3)) : null;
  return { eta, gamma };
}
