import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { contourPoint, openApp, poll, surfaceDrawn } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

const FRONT = '.contour canvas:nth-child(2)';
/** The 3D view's canvas (with software WebGL the 2D canvas its frames are presented on). */
const SURFACE = '.surface3d canvas';
/** Rprop on a rotated bowl: its steps overshoot and are undone along one axis now and then. */
const LINK = 'problem=quadratic&curv=1,10&angle=30&start=-4,3&range=-5,5,-5,5&steps=200&runs=rprop&show=step&t=0';

type Handle = {
  __downhill: {
    live: { paths: { params: Float64Array }[] };
    store: { getState(): { t: number; setT(t: number): void } };
    steps: { at(s: unknown, live: unknown): { trace: { probe: { undone: Uint8Array } } } | null };
  };
};

/** The first playback step whose Rprop step was undone along a parameter, and where its point is on the plot. */
async function undoneStep(page: Page): Promise<{ t: number; x: number; y: number }> {
  const { t, w, b } = await page.evaluate(() => {
    const d = (window as unknown as Handle).__downhill;
    const s = d.store.getState();
    for (let t = 1; t < 200; t++) {
      const v = d.steps.at({ ...s, t }, d.live);
      if (v && (v.trace.probe.undone[0] || v.trace.probe.undone[1])) return { t, w: d.live.paths[0]!.params[2 * t]!, b: d.live.paths[0]!.params[2 * t + 1]! };
    }
    return { t: -1, w: NaN, b: NaN };
  });
  expect(t).toBeGreaterThan(0);
  const box = (await page.locator(FRONT).first().boundingBox())!;
  return { t, ...contourPoint({ x: 0, y: 0, width: box.width, height: box.height }, [-5, 5, -5, 5], w, b) };
}

/**
 * Moves playback to step t and, from then on for `ms`, counts the red (#b91c1c) pixels of canvas `sel`
 * on every animation frame, within 60 px of (x, y) or (no x, y) in the whole canvas; then for `quietMs`
 * more, counts the strokes drawn on any 2D canvas, or (`gl`) the WebGL draw calls.
 */
function watchFlash(page: Page, at: { t: number; x?: number; y?: number }, ms: number, quietMs: number, sel = FRONT, gl = false) {
  return page.evaluate(
    async ({ sel, at, ms, quietMs, gl }) => {
      const c = document.querySelector(sel) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const r = Math.ceil(60 * k);
      const whole = at.x === undefined || at.y === undefined;
      const copy = document.createElement('canvas');
      copy.width = whole ? c.width : 2 * r + 1;
      copy.height = whole ? c.height : 2 * r + 1;
      const cx = copy.getContext('2d', { willReadFrequently: true })!;
      const red = () => {
        cx.clearRect(0, 0, copy.width, copy.height);
        if (whole) cx.drawImage(c, 0, 0);
        else cx.drawImage(c, Math.round(at.x! * k) - r, Math.round(at.y! * k) - r, copy.width, copy.height, 0, 0, copy.width, copy.height);
        const { data } = cx.getImageData(0, 0, copy.width, copy.height);
        let n = 0;
        for (let o = 0; o < data.length; o += 4) if (data[o + 3]! > 0 && Math.abs(data[o]! - 0xb9) + Math.abs(data[o + 1]! - 0x1c) + Math.abs(data[o + 2]! - 0x1c) < 60) n++;
        return n;
      };
      const samples: number[] = [];
      (window as unknown as Handle).__downhill.store.getState().setT(at.t);
      const t0 = performance.now();
      while (performance.now() - t0 < ms) {
        await new Promise((res) => requestAnimationFrame(res));
        samples.push(red());
      }
      // Counts calls of the given methods while the quiet period lasts.
      let strokes = 0;
      const undo: (() => void)[] = [];
      const count = (proto: object, names: string[]) => {
        for (const name of names) {
          const o = proto as Record<string, (...x: unknown[]) => unknown>;
          const f = o[name];
          if (typeof f !== 'function') continue;
          o[name] = function (this: unknown, ...a: unknown[]) {
            strokes++;
            return f.apply(this, a);
          };
          undo.push(() => void (o[name] = f));
        }
      };
      if (!gl) count(CanvasRenderingContext2D.prototype, ['stroke']);
      else for (const p of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) count(p, ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']);
      // The frames the 3D render worker draws meanwhile (its WebGL calls are not the page's).
      const frames = (window as unknown as { __downhill: { worker3d: { frames: number } } }).__downhill.worker3d;
      const framesBefore = frames.frames;
      await new Promise((res) => setTimeout(res, quietMs));
      for (const u of undo) u();
      if (gl) strokes += frames.frames - framesBefore;
      return { samples, strokes, last: red() };
    },
    { sel, at, ms, quietMs, gl },
  );
}

/** The distinct non-zero values in order of change (runs of equal samples collapsed). */
const changes = (xs: number[]) => xs.filter((x) => x > 0).filter((x, i, a) => i === 0 || a[i - 1] !== x);

test("Rprop's undone step: the flipped sides of the Δ box flash (bold, dashed, bold…) for about a second, then stay dashed and the plot stops redrawing", async () => {
  const { page, problems } = await openApp(browser(), LINK);
  const at = await undoneStep(page);
  const { samples, strokes, last } = await watchFlash(page, at, 1400, 600);
  const seen = changes(samples);
  // on, off, on, off, on, off: at least a few alternations, between two levels of red.
  expect(seen.length, JSON.stringify(samples)).toBeGreaterThanOrEqual(4);
  expect(new Set(seen).size).toBe(2);
  // It ends on the dashed red, as drawn without motion, and nothing redraws after the flash.
  expect(last).toBe(Math.min(...seen));
  expect(strokes).toBe(0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('with prefers-reduced-motion the flipped sides are just dashed red: no flash, no redraws', async () => {
  const context = await browser().newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, LINK);
  const at = await undoneStep(page);
  const { samples, strokes, last } = await watchFlash(page, at, 1400, 600);
  const seen = changes(samples);
  expect(seen, JSON.stringify(samples)).toHaveLength(1);
  expect(last).toBe(seen[0]);
  expect(strokes).toBe(0);
  expect(problems.errors).toEqual([]);
  await context.close();
});

test("in 3D the flipped sides of Rprop's Δ box flash the same way (the view changes between phases), then stay dashed and nothing is drawn", async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await poll(() => surfaceDrawn(page, SURFACE)).toBe(true);
  const { t } = await undoneStep(page);
  const { samples, strokes, last } = await watchFlash(page, { t }, 1400, 600, SURFACE, true);
  const seen = changes(samples);
  // Software WebGL may miss a phase on a loaded machine: bold, dashed, bold at least.
  expect(seen.length, JSON.stringify(samples)).toBeGreaterThanOrEqual(3);
  expect(new Set(seen).size, JSON.stringify(samples)).toBe(2);
  expect(last).toBe(Math.min(...seen));
  expect(strokes).toBe(0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('in 3D with prefers-reduced-motion the flipped sides are just dashed red: no flash, no frames drawn', async () => {
  const context = await browser().newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, LINK);
  await poll(() => surfaceDrawn(page, SURFACE)).toBe(true);
  const { t } = await undoneStep(page);
  const { samples, strokes, last } = await watchFlash(page, { t }, 1400, 600, SURFACE, true);
  const seen = changes(samples);
  expect(seen, JSON.stringify(samples)).toHaveLength(1);
  expect(last).toBe(seen[0]);
  expect(strokes).toBe(0);
  expect(problems.errors).toEqual([]);
  await context.close();
});
