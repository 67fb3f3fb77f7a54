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
  /** In CSS px: the text's advance width, the sprite's size and where the text's anchor is inside it. */
  readonly width: number;
  readonly w: number;
  readonly h: number;
  readonly ascent: number;
  readonly pad: number;
  readonly scale: number;
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

function spriteOf(text: string, s: TextStyle, scale: number): Sprite {
  const baseline = s.baseline ?? 'alphabetic';
  const key = `${scale}\u0000${s.font}\u0000${s.fill}\u0000${s.halo?.color ?? ''}\u0000${s.halo?.width ?? 0}\u0000${baseline}\u0000${text}`;
  const hit = sprites.get(key);
  if (hit) return hit;
  const m = measuring();
  let sprite: Sprite;
  if (!m) sprite = { canvas: null, width: 0, w: 0, h: 0, ascent: 0, pad: 0, scale };
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
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(w * scale));
    canvas.height = Math.max(1, Math.ceil(h * scale));
    const c = canvas.getContext('2d');
    if (c) {
      c.scale(scale, scale);
      c.font = s.font;
      c.textAlign = 'left';
      c.textBaseline = baseline;
      if (s.halo) {
        c.strokeStyle = s.halo.color;
        c.lineWidth = s.halo.width;
        c.strokeText(text, pad, pad + ascent);
      }
      c.fillStyle = s.fill;
      c.fillText(text, pad, pad + ascent);
    }
    sprite = { canvas: c ? canvas : null, width: tm.width, w: canvas.width / scale, h: canvas.height / scale, ascent, pad, scale };
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
  const scale = Math.hypot(t.a, t.b) || 1;
  const sprite = spriteOf(text, s, Math.round(scale * 100) / 100);
  if (!sprite.canvas) return sprite.width;
  const align = s.align ?? 'start';
  const dx = align === 'center' ? -sprite.width / 2 : align === 'right' || align === 'end' ? -sprite.width : 0;
  let left = x + dx - sprite.pad;
  let top = y - sprite.ascent - sprite.pad;
  // Unrotated (the usual case): land on whole device pixels, so the copy is as sharp as the text drawn in place.
  if (t.b === 0 && t.c === 0) {
    left = (Math.round(left * t.a + t.e) - t.e) / t.a;
    top = (Math.round(top * t.d + t.f) - t.f) / t.d;
  }
  ctx.drawImage(sprite.canvas, left, top, sprite.w, sprite.h);
  return sprite.width;
}
