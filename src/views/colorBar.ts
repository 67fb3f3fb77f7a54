import { drawText } from './canvasText';
import { colormap, cssColor, lossAtScale, lossScale, logLevels } from './colors';
import { MARGIN, type Margin } from './plotFrame';

/** The colour bar's geometry, in CSS px: the bar's width and the gap between a plot frame and the bar. */
export const COLOR_BAR = { width: 10, gap: 6, labels: 44 } as const;

/** Room a plot needs on its right for the bar and its labels. */
export const COLOR_BAR_ROOM = COLOR_BAR.gap + COLOR_BAR.width + COLOR_BAR.labels;

/** The plot margins of a plot with the colour bar on its right (the contour plot). */
export const PLOT_WITH_BAR: Margin = { ...MARGIN, right: COLOR_BAR_ROOM };

/** Loss values to label on a bar over [min, max]: both ends and two between, evenly spaced on the colour scale. */
export function colorBarLabels(min: number, max: number): number[] {
  if (!(max > min)) return [min];
  const at = lossAtScale(min, max);
  const out = [min, at(1 / 3), at(2 / 3), max].map((v) => Number(v.toPrecision(2)));
  return [...new Set(out)];
}

/** A loss as the colour bar and the 3D loss axis label it: 2 significant digits, exponential past 1e4 or below 1e−3. */
export const lossText = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(2))));

/**
 * Draws the loss colour bar with its top at (x, top), `height` px tall: the loss colour scale of the
 * surface (log, as the 3D colours and the contour bands: colors.lossScale), lowest loss at the bottom,
 * a tick for each contour level and labelled loss values to its right. Draws nothing for a flat surface.
 */
export function drawColorBar(ctx: CanvasRenderingContext2D, min: number, max: number, x: number, top: number, height: number, levels: number): void {
  if (!(max > min) || height < 20) return;
  const scale = lossScale(min, max);
  const c: [number, number, number] = [0, 0, 0];
  ctx.save();
  for (let j = 0; j < height; j++) {
    ctx.fillStyle = cssColor(colormap(1 - (j + 0.5) / height, c));
    ctx.fillRect(x, top + j, COLOR_BAR.width, 1);
  }
  ctx.strokeStyle = '#94a3b8';
  ctx.lineWidth = 1;
  ctx.strokeRect(x - 0.5, top - 0.5, COLOR_BAR.width + 1, height + 1);
  ctx.strokeStyle = 'rgba(15,23,42,0.35)';
  for (const L of logLevels(min, max, levels)) {
    const y = Math.round(top + (1 - scale(L)) * height) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 3, y);
    ctx.stroke();
  }
  ctx.strokeStyle = '#334155';
  const label = { font: '10px system-ui, sans-serif', fill: '#334155', align: 'left', baseline: 'middle' } as const;
  for (const L of colorBarLabels(min, max)) {
    const y = top + (1 - Math.max(0, Math.min(1, scale(L)))) * height;
    ctx.beginPath();
    ctx.moveTo(x + COLOR_BAR.width, y);
    ctx.lineTo(x + COLOR_BAR.width + 3, y);
    ctx.stroke();
    drawText(ctx, lossText(L), x + COLOR_BAR.width + 5, y, label);
  }
  ctx.restore();
}
