/**
 * The HTML that the page shows over the 3D view, drawn into its exported picture: the axis labels
 * (`.axis-label` spans inside the view, kept over their anchors by Axes3D) and the colour bar (a 2-D canvas
 * beside the view's element, over its top-right corner: ColorBarOverlay). Each lands where it is on the
 * screen relative to the view, in the export's pixels; the labels in their own font and colour.
 */

type Place = (src: CanvasImageSource, r: DOMRect) => void;

/** The colour-bar canvases over `view` (children of its panel beside it), when shown and drawn. */
export function colorBarsOver(view: Element): HTMLCanvasElement[] {
  const panel = view.parentElement;
  if (!panel) return [];
  return [...panel.querySelectorAll<HTMLCanvasElement>(':scope > canvas.colorbar')].filter((c) => c.width > 0 && c.height > 0 && getComputedStyle(c).display !== 'none' && getComputedStyle(c).visibility !== 'hidden');
}

/**
 * Draws the view's axis labels onto `ctx`, whose transform maps the view's CSS pixels (origin at `box`'s
 * top-left) to the export's. A label's lines (the loss label has two) share its box's height equally.
 */
export function drawAxisLabels(ctx: CanvasRenderingContext2D, view: Element, box: DOMRect): void {
  for (const el of view.querySelectorAll<HTMLElement>('.axis-label')) {
    const text = el.textContent ?? '';
    const cs = getComputedStyle(el);
    if (!text.trim() || cs.visibility !== 'visible' || cs.display === 'none') continue;
    const r = el.getBoundingClientRect();
    const lines = text.split('\n');
    const lineHeight = r.height / lines.length;
    const center = cs.textAlign === 'center';
    ctx.save();
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    ctx.fillStyle = cs.color;
    ctx.textAlign = center ? 'center' : 'left';
    ctx.textBaseline = 'middle';
    const x = (center ? r.left + r.width / 2 : r.left) - box.left;
    lines.forEach((line, i) => ctx.fillText(line, x, r.top - box.top + (i + 0.5) * lineHeight));
    ctx.restore();
  }
}

/** The 3D view's overlays, over its rendered picture: the colour bar(s) first, then the labels. */
export function drawSurfaceOverlays(ctx: CanvasRenderingContext2D, place: Place, view: Element, box: DOMRect, scale: number): void {
  for (const c of colorBarsOver(view)) place(c, c.getBoundingClientRect());
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  drawAxisLabels(ctx, view, box);
  ctx.restore();
}
