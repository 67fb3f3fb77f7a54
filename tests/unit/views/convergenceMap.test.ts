import { describe, expect, it } from 'vitest';
import { applyMapMessage, askedMap } from '../../../src/bridge/mapState';
import type { MapLayer } from '../../../src/state/store';
import { cellColor, hexRgb, STATUS_COLORS, STEP_STOPS, stepColor, stepPosition, stepTicks } from '../../../src/views/map/mapColors';
import { cellAt, cellPixels, cellSetting, etaTicks, etaX, formatEta, gammaY, mapFrame, MAP_MARGIN, shownLayers } from '../../../src/views/map/mapDraw';
import { readoutText } from '../../../src/views/map/ConvergenceMap';

const etas = Float64Array.from({ length: 8 }, (_, c) => 10 ** (-2 + (3.5 * c) / 7));
const gammas = Float64Array.from({ length: 8 }, (_, r) => (0.99 * r) / 7);
const layer = (over: Partial<MapLayer> = {}): MapLayer => ({
  size: 8, rows: 8, cols: 8, etas, gammas, edge: Array(8).fill(null),
  status: new Uint8Array(64), step: new Int32Array(64).fill(10), loss: new Float64Array(64), filled: new Uint8Array(8), done: false, ...over,
});

describe('map colours', () => {
  it('converged cells follow the step scale, dark for few steps, pale for many; the statuses have their own colours', () => {
    expect(stepColor(0, 1000)).toEqual(hexRgb(STEP_STOPS[0]));
    expect(stepColor(1000, 1000)).toEqual(hexRgb(STEP_STOPS[3]));
    expect(stepColor(5000, 1000)).toEqual(hexRgb(STEP_STOPS[3]));
    const lum = (c: readonly number[]) => c[0]! + c[1]! + c[2]!;
    expect(lum(stepColor(10, 1000))).toBeLessThan(lum(stepColor(100, 1000)));
    expect(cellColor(1, 5, 1000)).toEqual(hexRgb(STATUS_COLORS.diverged));
    expect(cellColor(2, -1, 1000)).toEqual(hexRgb(STATUS_COLORS.plateau));
    expect(cellColor(3, -1, 1000)).toEqual(hexRgb(STATUS_COLORS['not-converged']));
    expect(cellColor(99, -1, 1000)).toEqual(hexRgb(STATUS_COLORS['not-converged']));
    // Every status colour is far from every colour of the step scale.
    for (const s of Object.values(STATUS_COLORS)) {
      for (let k = 0; k <= 20; k++) {
        const a = hexRgb(s);
        const b = stepColor(Math.round(1000 ** (k / 20)), 1000);
        expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])).toBeGreaterThan(90);
      }
    }
    expect(stepPosition(NaN, 1000)).toBe(0);
    expect(stepPosition(10, 0)).toBe(0);
    expect(stepTicks(1000).map((t) => t.step)).toEqual([1, 10, 100, 1000]);
    expect(stepTicks(200).map((t) => t.step)).toEqual([1, 10, 200]);
  });
});

describe('map axes and hit-testing', () => {
  const f = mapFrame(400, 300, layer());
  it('column centres sit at their η, log-spaced; row 0 (γ = 0) at the bottom', () => {
    const cw = f.w / 8;
    for (let c = 0; c < 8; c++) expect(etaX(f, etas[c]!)).toBeCloseTo(MAP_MARGIN.left + (c + 0.5) * cw, 9);
    expect(gammaY(f, 0)).toBeCloseTo(MAP_MARGIN.top + f.h - f.h / 16, 9);
    expect(gammaY(f, 0.99)).toBeCloseTo(MAP_MARGIN.top + f.h / 16, 9);
    expect(etaTicks(-2, 1.5)).toEqual([0.01, 0.1, 1, 10]);
    expect(etaTicks(-0.5, 0.5)).toEqual([1, 3]);
    expect([formatEta(0.01), formatEta(30), formatEta(2e-4), formatEta(NaN)]).toEqual(['0.01', '30', '2e-4', '—']);
  });

  it('a click maps to the cell under it, and the cell to its (η, γ) for the link', () => {
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        const hit = cellAt(f, etaX(f, etas[c]!), gammaY(f, gammas[r]!));
        expect(hit).toEqual({ r, c });
      }
    }
    expect(cellAt(f, MAP_MARGIN.left - 1, 100)).toBeNull();
    expect(cellAt(f, 200, 300 - MAP_MARGIN.bottom + 1)).toBeNull();
    expect(cellAt(f, NaN, 100)).toBeNull();
    expect(cellSetting(layer(), 7, 7)).toEqual({ eta: Number((10 ** 1.5).toPrecision(3)), gamma: 0.99 });
    expect(cellSetting(layer({ gammas: null, rows: 1 }), 0, 0)).toEqual({ eta: 0.01, gamma: null });
    // A strip (no γ): everything in the plot is row 0.
    const s = mapFrame(400, 86, layer({ gammas: null, rows: 1 }));
    expect(cellAt(s, etaX(s, etas[3]!), 30)).toEqual({ r: 0, c: 3 });
    expect(gammaY(s, null)).toBeCloseTo(s.y0 + s.h / 2, 9);
  });
});

describe('map pixels', () => {
  it('one pixel per cell, top row = highest γ; unfilled rows take the coarser stage, else the pending colour', () => {
    const l = layer();
    l.filled[0] = 1;
    l.status.fill(1, 0, 8); // row 0 diverged
    const px = cellPixels(l, null, 100);
    expect(px.length).toBe(8 * 8 * 4);
    const at = (p: Uint8ClampedArray, x: number, y: number, cols = 8) => Array.from(p.slice(4 * (y * cols + x), 4 * (y * cols + x) + 3));
    expect(at(px, 0, 7)).toEqual([...hexRgb(STATUS_COLORS.diverged)]);
    expect(at(px, 0, 0)).toEqual([...hexRgb('#e2e8f0')]);
    const coarse = layer({ size: 2, rows: 2, cols: 2, status: Uint8Array.from([2, 2, 3, 3]), step: new Int32Array(4).fill(-1), filled: Uint8Array.from([1, 1]) });
    const with2 = cellPixels(l, coarse, 100);
    expect(at(with2, 0, 0)).toEqual([...hexRgb(STATUS_COLORS['not-converged'])]);
    expect(at(with2, 0, 7)).toEqual([...hexRgb(STATUS_COLORS.diverged)]);
    expect(Array.from(px).every(Number.isFinite)).toBe(true);
    expect(shownLayers([])).toBeNull();
    expect(shownLayers([coarse, layer()])!.layer).toBe(coarse);
  });
});

describe('the page\'s map state', () => {
  it('fills layers from the worker\'s messages; progress reaches 1 only when every stage is done', () => {
    let m = askedMap(1, 0, [2, 4], 0);
    const axes = (size: number) => ({ type: 'map-axes' as const, mapId: 1, size, optimizer: 'momentum', eta: 1, gamma: 0.9, etas: Float64Array.from({ length: size }, (_, c) => c + 1), gammas: Float64Array.from({ length: size }, (_, r) => r / size), rows: size, cols: size, edge: Array(size).fill(null), steps: 10 });
    const rows = (size: number, r0: number, r1: number) => ({ type: 'map-rows' as const, mapId: 1, size, r0, r1, cols: size, status: new Uint8Array((r1 - r0) * size), step: new Int32Array((r1 - r0) * size).fill(3), loss: new Float64Array((r1 - r0) * size) });
    m = applyMapMessage(m, axes(2), 1);
    expect(m.progress).toBe(0);
    m = applyMapMessage(m, rows(2, 0, 2), 2);
    expect(m.progress).toBeCloseTo(4 / 20, 12);
    m = applyMapMessage(m, { type: 'map-done', mapId: 1, size: 2, final: false }, 5);
    expect(m.ms[2]).toBe(5);
    m = applyMapMessage(m, axes(4), 6);
    m = applyMapMessage(m, rows(4, 0, 4), 7);
    expect(m.progress).toBe(1);
    expect(m.done).toBe(false);
    m = applyMapMessage(m, { type: 'map-done', mapId: 1, size: 4, final: true }, 9);
    expect([m.done, m.progress, m.ms[4]]).toEqual([true, 1, 9]);
    // A malformed band is ignored.
    const same = applyMapMessage(m, { ...rows(4, 2, 9) }, 10);
    expect(same).toBe(m);
    expect(readoutText(m, m.layers[1]!, { r: 1, c: 2 })).toBe('η = 3.00, γ = 0.250: converged at step 3, L = 0.00');
    expect(applyMapMessage(m, { type: 'map-error', mapId: 1, message: 'no' }, 11).error).toBe('no');
  });
});
