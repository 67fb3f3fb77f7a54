import { describe, expect, it } from 'vitest';
import { labelBox, LABEL_ASCENT, LABEL_DESCENT, overlapArea, placeArrowLabel, type LabelBox } from '../../../src/views/contour/labelPlacement';
import { eigenLabelBoxes, eigenLineBoxes } from '../../../src/views/contour/drawEigenAxes';
import { plotFrame } from '../../../src/views/plotFrame';
import type { TheoryView } from '../../../src/lab/pointTheory';

const W = 40;
const boxAt = (p: { x: number; y: number }) => labelBox(p.x, p.y, W);

describe('placeArrowLabel', () => {
  it('with nothing to avoid, keeps the old spot: ahead of the arrow, beside its tip', () => {
    expect(placeArrowLabel(100, 100, 1, 1, W, [])).toEqual({ x: 106, y: 112 });
    expect(placeArrowLabel(100, 100, -1, -1, W, [])).toEqual({ x: 100 - 6 - W, y: 94 });
    expect(placeArrowLabel(100, 100, 1, -1, W, [])).toEqual({ x: 106, y: 94 });
  });

  it("moves off an eigen-axis label that sits on its spot, to a free side of the tip", () => {
    const lambda: LabelBox = labelBox(104, 114, 28);
    const p = placeArrowLabel(100, 100, 1, 1, W, [lambda]);
    expect(overlapArea(boxAt(p), lambda)).toBe(0);
    // The next spot tried: the same side, above the tip.
    expect(p).toEqual({ x: 106, y: 94 });
  });

  it('with every side of the tip taken, pushes the label further out, still clear of them all', () => {
    const taken = [labelBox(100 + 6, 112, W), labelBox(100 + 6, 94, W), labelBox(100 - 6 - W, 112, W), labelBox(100 - 6 - W, 94, W)];
    const p = placeArrowLabel(100, 100, 1, 1, W, taken);
    for (const t of taken) expect(overlapArea(boxAt(p), t)).toBe(0);
    expect(p.x).toBe(106);
    expect(p.y).toBe(112 + LABEL_ASCENT + LABEL_DESCENT + 2);
  });

  it('when no spot is free, takes the one that overlaps least', () => {
    const wall: LabelBox = { x: 0, y: 0, w: 300, h: 300 };
    const hole: LabelBox[] = [wall];
    const p = placeArrowLabel(150, 150, 1, 1, W, hole);
    // Everything overlaps the wall by the whole box: the first spot.
    expect(p).toEqual({ x: 156, y: 162 });
    const partial: LabelBox = { x: 0, y: 0, w: 300, h: 160 };
    const q = placeArrowLabel(150, 150, 1, -1, W, [partial]);
    // Above the tip is inside it; below, only partly (pushed out twice: clear).
    expect(overlapArea(boxAt(q), partial)).toBe(0);
    expect(q.y).toBeGreaterThan(160 + LABEL_ASCENT);
  });

  it('labels placed one after another do not overlap (each avoids the ones before)', () => {
    const taken: LabelBox[] = [];
    for (let i = 0; i < 6; i++) {
      const p = placeArrowLabel(200, 200, 1, 1, W, taken);
      const b = boxAt(p);
      for (const t of taken) expect(overlapArea(b, t)).toBe(0);
      taken.push(b);
    }
  });

  it('keeps a label inside the frame: a tip at the left edge puts it to the right, and one in a corner is moved in', () => {
    const frame: LabelBox = { x: 10, y: 10, w: 200, h: 150 };
    const inside = (b: LabelBox) => b.x >= frame.x && b.y >= frame.y && b.x + b.w <= frame.x + frame.w && b.y + b.h <= frame.y + frame.h;
    // An arrow pointing left, its tip 4 px from the left edge: the first choice (left of the tip) is cut off.
    const p = placeArrowLabel(14, 80, -1, 1, W, [], frame);
    expect(inside(boxAt(p))).toBe(true);
    expect(placeArrowLabel(14, 80, -1, 1, W, [])).toEqual({ x: 14 - 6 - W, y: 92 });
    // A frame too small for any spot beside the tip: moved inside.
    const tiny: LabelBox = { x: 0, y: 0, w: W + 4, h: 20 };
    const q = placeArrowLabel(2, 10, 1, 1, W, [], tiny);
    expect(q.x).toBeGreaterThanOrEqual(0);
    expect(q.x + W).toBeLessThanOrEqual(W + 4);
    expect(q.y - LABEL_ASCENT).toBeGreaterThanOrEqual(0);
    expect(q.y + LABEL_DESCENT).toBeLessThanOrEqual(20);
  });
});

describe('eigenLabelBoxes', () => {
  it('keeps the λmin / λmax labels inside the frame for a point at its edge (they were cut off there)', () => {
    const f = plotFrame(400, 300, -5, 5, -5, 5);
    for (const [w, b] of [[-4.95, 0], [4.95, 0], [0, 4.95], [0, -4.95], [-4.95, -4.95]] as const) {
      const view = { theory: { point: [w, b], eigenvalues: [0.5, 4], eigenvectors: [[1, 0], [0, 1]], signs: [1, 1] } } as unknown as TheoryView;
      for (const box of eigenLabelBoxes(view, f)) {
        expect(box.x, `${w}, ${b}`).toBeGreaterThanOrEqual(f.left);
        expect(box.x + box.w).toBeLessThanOrEqual(f.left + f.width);
        expect(box.y).toBeGreaterThanOrEqual(f.top);
        expect(box.y + box.h).toBeLessThanOrEqual(f.top + f.height);
      }
    }
  });
});

describe('eigenLineBoxes', () => {
  const f = plotFrame(400, 300, -5, 5, -5, 5);
  const view = { theory: { point: [0, 0], eigenvalues: [0.5, 4], eigenvectors: [[1, 0], [0, 1]], signs: [1, 1] } } as unknown as TheoryView;

  it('lays boxes along both axes through the point, every one on an axis and inside the frame', () => {
    const boxes = eigenLineBoxes(view, f);
    const cx = f.px(0);
    const cy = f.py(0);
    expect(boxes.length).toBeGreaterThan(10);
    for (const b of boxes) {
      const mx = b.x + b.w / 2;
      const my = b.y + b.h / 2;
      expect(Math.min(Math.abs(mx - cx), Math.abs(my - cy))).toBeLessThan(1e-9);
      expect(mx).toBeGreaterThanOrEqual(f.left);
      expect(mx).toBeLessThanOrEqual(f.left + f.width);
    }
  });

  it('moves a step label that would lie across the vertical axis to the side of the tip that is clear', () => {
    const cx = f.px(0);
    const cy = f.py(0);
    // A tip 10 px left of the vertical axis (12 px each side of the point), pointing right and up: its first spot (right of the tip) crosses the axis.
    const tip = { x: cx - 10, y: cy - 2 };
    const first = placeArrowLabel(tip.x, tip.y, 1, -1, W, []);
    const line = eigenLineBoxes(view, f);
    expect(line.some((b) => overlapArea(boxAt(first), b) > 0)).toBe(true);
    const p = placeArrowLabel(tip.x, tip.y, 1, -1, W, line);
    for (const b of line) expect(overlapArea(boxAt(p), b)).toBe(0);
  });
});
