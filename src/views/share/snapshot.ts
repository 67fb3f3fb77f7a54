import type { EmbedView } from '../../protocol/experiment';
import { glViews, offscreenViews } from '../surface3d/renderers';
import { drawAllAt } from '../useCanvasSize';
import { drawSurfaceOverlays } from './overlays';

/** The exported PNG's pixels per CSS pixel of the view. */
export const SNAPSHOT_SCALE = 2;
/** CSS pixels of one caption line, and of the caption's padding. */
const LINE = 16;
const PAD = 6;

/** Where each view is in the page (the first one: in the side-by-side layout, run 1's panel). */
const SELECTORS: Record<EmbedView, string> = {
  surface: '.surface3d',
  contour: '.contour',
  loss: '.losschart',
  data: '.dataplot, .decision-maps',
  map: '.map-canvas',
};

/** The element of a view on the page, or null when it is not shown (hidden, or not in this lab). */
export function viewElement(view: EmbedView): HTMLElement | SVGSVGElement | null {
  return document.querySelector<HTMLElement>(SELECTORS[view]);
}

/** Lines of at most `width` CSS pixels, broken at spaces. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** The computed paint of an SVG element written onto its copy, so the picture needs no stylesheet. */
const SVG_PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor'] as const;

async function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = to[i] as SVGElement;
    for (const p of SVG_PAINT) target.setAttribute(p, cs.getPropertyValue(p));
  });
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // A data: image (the CSP allows data: images, not blob: ones).
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await img.decode();
  return img;
}

/**
 * The view as a PNG at SNAPSHOT_SCALE× its size on the page, with `caption` burned in under it (dark text
 * on white). The 2-D views are redrawn at that scale, copied and drawn back in one task; the 3D view is
 * rendered at that pixel ratio and copied in the same task as gl.render (a later read of a WebGL canvas
 * may be blank), then put back; the HTML over it (axis labels, colour bar) is drawn on top (overlays.ts).
 */
export async function snapshotView(view: EmbedView, caption: readonly string[]): Promise<Blob> {
  const el = viewElement(view);
  if (!el) throw new Error(`snapshot: the ${view} view is not on the page`);
  const k = SNAPSHOT_SCALE;
  const box = el.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const out = document.createElement('canvas');
  const measure = out.getContext('2d')!;
  measure.font = '12px system-ui, sans-serif';
  const lines = caption.flatMap((c) => wrap(measure, c, width - 2 * PAD));
  const capHeight = lines.length * LINE + 2 * PAD;
  out.width = width * k;
  out.height = (height + capHeight) * k;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  const place = (src: CanvasImageSource, r: DOMRect) => ctx.drawImage(src, (r.left - box.left) * k, (r.top - box.top) * k, r.width * k, r.height * k);

  if (el instanceof SVGSVGElement) {
    place(await svgImage(el, width, height), box);
  } else {
    const canvases = el instanceof HTMLCanvasElement ? [el] : [...el.querySelectorAll('canvas')];
    // A 3D panel rendered in the worker is rendered there at this scale and sent back (before the 2-D views are redrawn at it).
    const pictures = new Map(await Promise.all(canvases.flatMap((c) => { const ov = offscreenViews.get(c); return ov ? [ov.picture(k).then((b) => [c, b] as const)] : []; })));
    drawAllAt(k);
    try {
      for (const c of canvases) {
        const gv = glViews.get(c);
        const picture = pictures.get(c);
        if (picture) {
          place(picture, c.getBoundingClientRect());
          picture.close();
        } else if (gv) {
          const ratio = gv.gl.getPixelRatio();
          gv.gl.setPixelRatio(k);
          gv.gl.render(gv.scene, gv.camera);
          place(c, c.getBoundingClientRect());
          gv.gl.setPixelRatio(ratio);
          gv.invalidate();
        } else if (c.width > 0 && c.height > 0 && getComputedStyle(c).visibility !== 'hidden' && !c.classList.contains('presented')) {
          place(c, c.getBoundingClientRect());
        }
      }
      // Drawn at 2× by drawAllAt too (the colour bar is one of the 2-D canvases), before they go back.
      if (view === 'surface') drawSurfaceOverlays(ctx, place, el, box, k);
    } finally {
      drawAllAt(null);
    }
  }
  ctx.setTransform(k, 0, 0, k, 0, 0);
  ctx.fillStyle = '#f1f5f9';
  ctx.fillRect(0, height, width, capHeight);
  ctx.fillStyle = '#0f172a';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => ctx.fillText(l, PAD, height + PAD + i * LINE + 2));
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('snapshot: the PNG could not be encoded'))), 'image/png'));
}

/** Saves a blob as a file through a temporary blob: URL on an <a download> (no script runs from it). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked a minute later, not at once: Chromium may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
