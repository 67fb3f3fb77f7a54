import { drawText } from './canvasText';
import { colormap, lossAtScale, lossScale, logLevels } from './colors';
import { MARGIN, type Margin } from './plotFrame';

/** The colour bar's geometry, in CSS px: the bar's width and the gap between a plot frame and the bar. */
export const COLOR_BAR = { width: 10, gap: 6, labels: 44 } as const;

/** Room a plot needs on its right for the bar and its labels. */
export const COLOR_BAR_ROOM = COLOR_BAR.gap + COLOR_BAR.width + COLOR_BAR.labels;

/** The plot margins of a plot with the colour bar on its right (the contour plot). */
export const PLOT_WITH_BAR: Margin = { ...MARGIN, right: COLOR_BAR_ROOM };

/** A loss as the colour bar and the 3D loss axis label it: `digits` significant digits (2), exponential past 1e4 or below 1e−3. */
export const lossText = (v: number, digits = 2) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits))));

/**
 * The labels of a bar over [min, max]: both ends and two between, evenly spaced on the colour scale, each
 * at its own value's place and written with as few significant digits (2 to 6) as keep the text within
 * the scale's resolution at the bottom (span / 1000) of that value. The scale is logarithmic in L − min:
 * on a surface whose losses are large and negative (a saddle: −12 … 12) two digits moved "−12.06" to
 * "−12", a fifth of the way up the bar, and the labels between said −12 again.
 */
export function colorBarLabels(min: number, max: number): { value: number; text: string }[] {
  if (!(max > min)) return [{ value: min, text: lossText(min) }];
  const at = lossAtScale(min, max);
  const eps = (max - min) / 1000;
  const out: { value: number; text: string }[] = [];
  for (const value of [min, at(1 / 3), at(2 / 3), max]) {
    let text = lossText(value);
    for (let digits = 3; digits <= 6 && !(Math.abs(Number(text) - value) <= eps); digits++) text = lossText(value, digits);
    if (!out.some((o) => o.text === text)) out.push({ value, text });
  }
  return out;
}

/** The bar's colours, one row per CSS px, by height: they do not depend on the surface (only the labels do). */
const strips = new Map<number, HTMLCanvasElement>();

/**
 * A 1 × `height` canvas of the colour map, top (highest loss) to bottom, drawn once per height: the bar
 * was `height` fillRects with as many colour strings per surface, two bars per surface, ~2 ms each.
 */
function gradientStrip(height: number): HTMLCanvasElement | null {
  const rows = Math.ceil(height);
  let strip = strips.get(rows);
  if (strip) return strip;
  strip = document.createElement('canvas');
  strip.width = 1;
  strip.height = rows;
  const ctx = strip.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(1, rows);
  const c: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < rows; j++) {
    colormap(1 - (j + 0.5) / height, c);
    img.data.set([Math.round(c[0] * 255), Math.round(c[1] * 255), Math.round(c[2] * 255), 255], 4 * j);
  }
  ctx.putImageData(img, 0, 0);
  if (strips.size > 16) strips.clear();
  strips.set(rows, strip);
  return strip;
}

/**
 * Draws the loss colour bar with its top at (x, top), `height` px tall: the loss colour scale of the
 * surface (log, as the 3D colours and the contour bands: colors.lossScale), lowest loss at the bottom,
 * a tick for each contour level and labelled loss values to its right. Draws nothing for a flat surface.
 */
export function drawColorBar(ctx: CanvasRenderingContext2D, min: number, max: number, x: number, top: number, height: number, levels: number): void {
  if (!(max > min) || height < 20) return;
  const scale = lossScale(min, max);
  ctx.save();
  const strip = gradientStrip(height);
  if (strip) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(strip, x, top, COLOR_BAR.width, strip.height);
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
  for (const { value: L, text } of colorBarLabels(min, max)) {
    const y = top + (1 - Math.max(0, Math.min(1, scale(L)))) * height;
    ctx.beginPath();
    ctx.moveTo(x + COLOR_BAR.width, y);
    ctx.lineTo(x + COLOR_BAR.width + 3, y);
    ctx.stroke();
    drawText(ctx, text, x + COLOR_BAR.width + 5, y, label);
  }
  ctx.restore();
}
