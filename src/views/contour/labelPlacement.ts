/**
 * Where the step arrows' labels go on the contour plot, so that they do not cover the eigen-axes' labels
 * ('λmin', 'λmax': drawEigenAxes.ts) or each other. Pure: canvas CSS pixels in, positions out.
 */

/** A label's box on the canvas: top-left corner and size, CSS pixels. */
export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The 11 px labels' box around their alphabetic baseline: this far above it, and below. */
export const LABEL_ASCENT = 10;
export const LABEL_DESCENT = 3;

/** The box of a label of width w drawn at (x, baseline y). */
export function labelBox(x: number, y: number, w: number): LabelBox {
  return { x, y: y - LABEL_ASCENT, w, h: LABEL_ASCENT + LABEL_DESCENT };
}

/** The area two boxes share (0 when they do not overlap). */
export function overlapArea(a: LabelBox, b: LabelBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** How far a label is pushed out per try when the spots beside the tip are taken. */
const PUSH = LABEL_ASCENT + LABEL_DESCENT + 2;

/** The part of `box` outside `frame` (its area less the area they share). */
function outside(box: LabelBox, frame: LabelBox): number {
  return box.w * box.h - overlapArea(box, frame);
}

/**
 * The baseline position of an arrow's label of width `w` at its tip (tx, ty), the arrow pointing along
 * (ux, uy). First choice, as before: beside the tip, ahead of the arrow (right of it for an arrow going
 * right, under it for one going down). Then the tip's other three sides, then all four pushed one and
 * two label heights further out. The first spot that overlaps none of `avoid` and lies inside `frame`
 * (the plot, or the magnified inset: a label past its edge was cut off) wins; when every one fails, the
 * one that overlaps and sticks out least (the first of equals), moved inside the frame.
 */
export function placeArrowLabel(tx: number, ty: number, ux: number, uy: number, w: number, avoid: readonly LabelBox[], frame?: LabelBox): { x: number; y: number } {
  const right = !(ux < 0);
  const down = !(uy < 0);
  let best: { x: number; y: number } | null = null;
  let bestArea = Infinity;
  for (let push = 0; push <= 2; push++) {
    for (const [r, d] of [
      [right, down],
      [right, !down],
      [!right, down],
      [!right, !down],
    ] as const) {
      const x = r ? tx + 6 : tx - 6 - w;
      const y = d ? ty + 12 + push * PUSH : ty - 6 - push * PUSH;
      const box = labelBox(x, y, w);
      let area = frame ? outside(box, frame) : 0;
      for (const a of avoid) area += overlapArea(box, a);
      if (area === 0) return { x, y };
      if (area < bestArea) {
        bestArea = area;
        best = { x, y };
      }
    }
  }
  return frame ? labelInside(best!.x, best!.y, w, frame) : best!;
}

/** The baseline position nearest (x, y) at which a label of width `w` lies inside `frame`. */
export function labelInside(x: number, y: number, w: number, frame: LabelBox): { x: number; y: number } {
  return {
    x: Math.max(frame.x, Math.min(frame.x + frame.w - w, x)),
    y: Math.max(frame.y + LABEL_ASCENT, Math.min(frame.y + frame.h - LABEL_DESCENT, y)),
  };
}
