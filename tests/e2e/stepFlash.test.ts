import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { contourPoint, openApp } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

const FRONT = '.contour canvas:nth-child(2)';
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
 * Moves playback to step t and, from then on for `ms`, counts the red (#b91c1c) pixels within 60 px of
 * (x, y) on every animation frame; then for `quietMs` more, counts the strokes drawn on any 2D canvas.
 */
function watchFlash(page: Page, at: { t: number; x: number; y: number }, ms: number, quietMs: number) {
  return page.evaluate(
    async ({ sel, at, ms, quietMs }) => {
      const c = document.querySelector(sel) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const r = Math.ceil(60 * k);
      const copy = document.createElement('canvas');
      copy.width = 2 * r + 1;
      copy.height = 2 * r + 1;
      const cx = copy.getContext('2d', { willReadFrequently: true })!;
      const red = () => {
        cx.clearRect(0, 0, copy.width, copy.height);
        cx.drawImage(c, Math.round(at.x * k) - r, Math.round(at.y * k) - r, copy.width, copy.height, 0, 0, copy.width, copy.height);
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
      const proto = CanvasRenderingContext2D.prototype;
      const stroke = proto.stroke;
      let strokes = 0;
      proto.stroke = function (this: CanvasRenderingContext2D, ...a: unknown[]) {
        strokes++;
        return (stroke as (...x: unknown[]) => void).apply(this, a);
      } as typeof proto.stroke;
      await new Promise((res) => setTimeout(res, quietMs));
      proto.stroke = stroke;
      return { samples, strokes, last: red() };
    },
    { sel: FRONT, at, ms, quietMs },
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
