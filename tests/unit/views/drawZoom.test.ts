import { describe, expect, it } from 'vitest';
import type { StepShapes } from '../../../src/lab/stepGeometry';
import { plotFrame } from '../../../src/views/plotFrame';
import { zoomInset, zoomText } from '../../../src/views/contour/drawZoom';

const shapes = (at: [number, number], to: [number, number]): StepShapes => ({
  at,
  arrows: [{ from: at, to, role: 'gradient', label: '−η∇L' }],
  lookAhead: null,
  box: null,
  secants: [],
  parabola: null,
});

describe('the magnified step inset', () => {
  const f = plotFrame(400, 400, -5, 5, -5, 5);

  it('magnifies a tiny step until it fills 60 % of the inset, the same along both axes, in the corner away from it', () => {
    const s = shapes([3, 3], [3.001, 2.9995]);
    const z = zoomInset(s, f)!;
    const g = z.frame;
    const dx = g.px(3.001) - g.px(3);
    const dy = g.py(2.9995) - g.py(3);
    expect(Math.max(Math.abs(dx), Math.abs(dy))).toBeCloseTo(0.6 * g.width, 6);
    // One factor on both axes: the arrow keeps its direction on the plot.
    expect(dx / dy).toBeCloseTo((f.px(3.001) - f.px(3)) / (f.py(2.9995) - f.py(3)), 9);
    expect(z.zoom).toBeCloseTo(g.width / z.source.size, 9);
    // The step is top right, the inset bottom left, inside the plot; the step's centre is the inset's.
    expect(g.left).toBeLessThan(f.left + f.width / 2);
    expect(g.top).toBeGreaterThan(f.top + f.height / 2);
    expect(g.left + g.width).toBeLessThanOrEqual(f.left + f.width);
    expect(g.top + g.height).toBeLessThanOrEqual(f.top + f.height);
    expect((g.px(3) + g.px(3.001)) / 2).toBeCloseTo(g.left + g.width / 2, 6);
    // Its inverse maps back.
    expect(g.x(g.px(3.0004))).toBeCloseTo(3.0004, 9);
    expect(g.y(g.py(2.9997))).toBeCloseTo(2.9997, 9);
  });

  it('never shrinks a step already large, and has no inset for a step with no finite extent', () => {
    expect(zoomInset(shapes([-4, -4], [4, 4]), f)!.zoom).toBe(1);
    expect(zoomInset(shapes([NaN, NaN], [NaN, 1]), f)).toBeNull();
  });

  it('writes its factor short', () => {
    expect([zoomText(1), zoomText(2.25), zoomText(85.4), zoomText(1234), zoomText(3.4e6)]).toEqual(['×1', '×2.3', '×85', '×1.2k', '×3.4M']);
  });
});
