import { drawText } from '../canvasText';
import type { BruteForce } from '../../lab/bruteForce';
import type { Guess } from '../../protocol/experiment';
import { colormap, lossScale } from '../colors';
import type { PlotFrame } from '../plotFrame';

/** Fill of the best guess's marker (and the best cell's star): gold, apart from the run colours. */
export const BEST_FILL = '#facc15';

/**
 * The guesses as numbered discs (1, 2, … in the order tried), the best one gold; a guess outside the
 * window is not drawn (the table still lists it).
 */
export function drawGuesses(ctx: CanvasRenderingContext2D, guesses: readonly Guess[], best: number, f: PlotFrame): void {
  ctx.save();
  const number = { font: 'bold 10px system-ui, sans-serif', fill: '#111827', align: 'center', baseline: 'middle' } as const;
  guesses.forEach(([w, b], i) => {
    const x = f.px(w);
    const y = f.py(b);
    if (!(x >= f.left && x <= f.left + f.width && y >= f.top && y <= f.top + f.height)) return;
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.fillStyle = i === best ? BEST_FILL : '#ffffff';
    ctx.fill();
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    drawText(ctx, String(i + 1), x, y + 0.5, number);
  });
  ctx.restore();
}

/** The cells' picture, one pixel a cell, kept between redraws and filled in as cells arrive. */
interface CellImage {
  run: BruteForce;
  scaleKey: string;
  drawn: number;
  canvas: HTMLCanvasElement;
  image: ImageData;
}

let cache: CellImage | null = null;

function cellImage(run: BruteForce, min: number, max: number): CellImage | null {
  const scaleKey = `${min}|${max}`;
  if (!cache || cache.run !== run || cache.scaleKey !== scaleKey) {
    const canvas = document.createElement('canvas');
    canvas.width = run.n;
    canvas.height = run.n;
    const c = canvas.getContext('2d');
    if (!c) return null;
    cache = { run, scaleKey, drawn: 0, canvas, image: c.createImageData(run.n, run.n) };
  }
  const img = cache;
  if (img.drawn < run.count) {
    const scale = lossScale(min, max);
    const rgb: [number, number, number] = [0, 0, 0];
    const d = img.image.data;
    for (let k = img.drawn; k < run.count; k++) {
      const i = k % run.n;
      // Row j grows with b: the image's rows grow downwards.
      const o = 4 * ((run.n - 1 - Math.floor(k / run.n)) * run.n + i);
      const L = run.values[k]!;
      if (Number.isFinite(L)) colormap(scale(L), rgb);
      else rgb.fill(0.6);
      d[o] = Math.round(rgb[0] * 255);
      d[o + 1] = Math.round(rgb[1] * 255);
      d[o + 2] = Math.round(rgb[2] * 255);
      d[o + 3] = 240;
    }
    img.drawn = run.count;
    img.canvas.getContext('2d')?.putImageData(img.image, 0, 0);
  }
  return img;
}

/**
 * The brute-force cells evaluated so far, filled with their loss's colour (the contours' scale), with
 * thin cell borders while cells are wider than 6 px (drawBruteBest marks the best cell).
 */
export function drawBrute(ctx: CanvasRenderingContext2D, run: BruteForce, min: number, max: number, f: PlotFrame): void {
  const img = cellImage(run, min, max);
  if (!img || run.count === 0) return;
  const [w0, w1, b0, b1] = run.range;
  const x0 = f.px(w0);
  const y0 = f.py(b1);
  const cw = (f.px(w1) - x0) / run.n;
  const ch = (f.py(b0) - y0) / run.n;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(img.canvas, x0, y0, cw * run.n, ch * run.n);
  if (Math.min(cw, ch) > 6) {
    ctx.strokeStyle = 'rgba(255,255,255,0.45)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    const rows = Math.ceil(run.count / run.n);
    for (let i = 0; i <= run.n; i++) {
      ctx.moveTo(x0 + i * cw, y0 + (run.n - rows) * ch);
      ctx.lineTo(x0 + i * cw, y0 + run.n * ch);
    }
    for (let j = 0; j <= rows; j++) {
      ctx.moveTo(x0, y0 + (run.n - j) * ch);
      ctx.lineTo(x0 + run.n * cw, y0 + (run.n - j) * ch);
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** The best cell so far: outlined, with a gold star (drawn over the paths and guesses, so it is never hidden). */
export function drawBruteBest(ctx: CanvasRenderingContext2D, run: BruteForce, f: PlotFrame): void {
  const best = run.best;
  if (!best) return;
  const [w0, w1, b0, b1] = run.range;
  const cw = (f.px(w1) - f.px(w0)) / run.n;
  const ch = (f.py(b0) - f.py(b1)) / run.n;
  const x = f.px(w0) + (best.index % run.n) * cw;
  const y = f.py(b1) + (run.n - 1 - Math.floor(best.index / run.n)) * ch;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 2;
  ctx.strokeRect(x, y, Math.max(cw, 3), Math.max(ch, 3));
  star(ctx, x + cw / 2, y + ch / 2, 8);
  ctx.restore();
}

function star(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    const rr = k % 2 === 0 ? r : r * 0.45;
    ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.fillStyle = BEST_FILL;
  ctx.fill();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 1.2;
  ctx.stroke();
}
