/**
 * Text on the page's canvases without making the browser recompute the page's styles.
 *
 * In Chromium, setting `font` on the 2-D context of a canvas that is in the document, and every fillText,
 * strokeText or measureText on it, first brings the whole page's style up to date (to resolve the font
 * against the canvas's computed style). Right after React or a view has changed the page, that is a full
 * style recalculation inside our JavaScript: 3–8 ms for each canvas that draws a label in a frame, measured
 * in the page (issue 8, item 8). Text set on a canvas that is not in the document does not do that, so
 * every label is drawn once into a small detached canvas (at the device-pixel scale it will be shown at)
 * and copied with drawImage, which costs microseconds; the sprites are kept for the next frames.
 */

export interface TextStyle {
  /** A CSS font in px, e.g. '11px system-ui, sans-serif' (the page's own fonts, resolved without the page). */
  readonly font: string;
  readonly fill: string;
  readonly align?: CanvasTextAlign;
  readonly baseline?: CanvasTextBaseline;
  /** A stroke drawn under the fill (a white halo that keeps a label legible over paths and colours). */
  readonly halo?: { readonly color: string; readonly width: number };
}

interface Sprite {
  readonly canvas: HTMLCanvasElement | null;
  /** In CSS px (text space): the text's advance width, its ascent from the baseline asked for, the margin. */
  readonly width: number;
  readonly ascent: number;
  readonly pad: number;
  /** Device pixels from the box's corner to the sprite's top-left pixel. */
  readonly dx: number;
  readonly dy: number;
}

/** Enough for every label of every view (ticks, colour-bar values, guess numbers) several times over. */
const MAX_SPRITES = 2048;
const sprites = new Map<string, Sprite>();
let measurer: CanvasRenderingContext2D | null = null;

function measuring(): CanvasRenderingContext2D | null {
  if (!measurer && typeof document !== 'undefined') measurer = document.createElement('canvas').getContext('2d');
  return measurer;
}

/** The advance width of `text` in `font`, in CSS px (what measureText(text).width gives on the page's canvases). */
export function textWidth(font: string, text: string): number {
  const m = measuring();
  if (!m) return 0;
  if (m.font !== font) m.font = font;
  return m.measureText(text).width;
}

/** The context's linear part (a, b, c, d): text is rasterised with it, so only whole-pixel copies follow. */
type Linear = readonly [number, number, number, number];

function spriteOf(text: string, s: TextStyle, lin: Linear): Sprite {
  const baseline = s.baseline ?? 'alphabetic';
  const key = `${lin.join(',')}\u0000${s.font}\u0000${s.fill}\u0000${s.halo?.color ?? ''}\u0000${s.halo?.width ?? 0}\u0000${baseline}\u0000${text}`;
  const hit = sprites.get(key);
  if (hit) return hit;
  const m = measuring();
  let sprite: Sprite;
  if (!m) sprite = { canvas: null, width: 0, ascent: 0, pad: 0, dx: 0, dy: 0 };
  else {
    m.font = s.font;
    m.textBaseline = baseline;
    const tm = m.measureText(text);
    // The font's box (not the glyphs'), measured from the requested baseline, so that '1' and 'g' sit alike.
    const ascent = tm.fontBoundingBoxAscent;
    const descent = tm.fontBoundingBoxDescent;
    const pad = Math.ceil((s.halo?.width ?? 0) / 2) + 1;
    const w = tm.width + 2 * pad;
    const h = ascent + descent + 2 * pad;
    // The box [0, w] × [0, h] (CSS px, text space) through the linear part: its bounds in device pixels.
    const [a, b, c, d] = lin;
    const xs = [0, a * w, c * h, a * w + c * h];
    const ys = [0, b * w, d * h, b * w + d * h];
    const dx = Math.floor(Math.min(...xs));
    const dy = Math.floor(Math.min(...ys));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(Math.max(...xs)) - dx);
    canvas.height = Math.max(1, Math.ceil(Math.max(...ys)) - dy);
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.setTransform(a, b, c, d, -dx, -dy);
      ctx.font = s.font;
      ctx.textAlign = 'left';
      ctx.textBaseline = baseline;
      if (s.halo) {
        ctx.strokeStyle = s.halo.color;
        ctx.lineWidth = s.halo.width;
        ctx.strokeText(text, pad, pad + ascent);
      }
      ctx.fillStyle = s.fill;
      ctx.fillText(text, pad, pad + ascent);
    }
    sprite = { canvas: ctx ? canvas : null, width: tm.width, ascent, pad, dx, dy };
  }
  if (sprites.size >= MAX_SPRITES) sprites.clear();
  sprites.set(key, sprite);
  return sprite;
}

/**
 * Draws `text` at (x, y) in the context's current transform as fillText would with the style's font,
 * alignment and baseline (the halo first, as strokeText then fillText). Returns the text's width.
 */
export function drawText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, s: TextStyle): number {
  if (text === '') return 0;
  const t = ctx.getTransform();
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  const sprite = spriteOf(text, s, [r(t.a), r(t.b), r(t.c), r(t.d)]);
  if (!sprite.canvas) return sprite.width;
  const align = s.align ?? 'start';
  const ax = align === 'center' ? -sprite.width / 2 : align === 'right' || align === 'end' ? -sprite.width : 0;
  // The sprite's box corner in text space, then in device pixels; copied there on whole pixels, untransformed,
  // so the copy is exactly the text drawn in place (rotated labels too: the y axes' titles).
  const u = x + ax - sprite.pad;
  const v = y - sprite.ascent - sprite.pad;
  const px = Math.round(t.a * u + t.c * v + t.e + sprite.dx);
  const py = Math.round(t.b * u + t.d * v + t.f + sprite.dy);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(sprite.canvas, px, py);
  ctx.restore();
  return sprite.width;
}
