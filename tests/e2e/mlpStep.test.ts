import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { texNum } from '../../src/engine/optimizers/tex';
import { canvasDigest, contourPoint, hashParams, openApp, pixelsNear, poll } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

const FRONT = '.contour canvas:nth-child(2)';
/** The history arrow's slate (drawStep.ts): nothing else on the plot is that colour. */
const SLATE = '#334155';
/** The default MLP lab, its momentum run (the second) followed at step 30, where its steps are long. */
const LINK = 'problem=mlp&show=step&t=30&theory=2';

type Handle = {
  __downhill: {
    live: {
      sentRun: number;
      paths: { params: Float64Array; length: number }[];
      surface: { range: number[] };
      view: { runId: number; stepPending?: boolean; step?: { k: number; run: number; full: { gradient: Float64Array } } | null } | null;
    };
    store: { getState(): { t: number; theory: number } };
  };
};

/** Waits for the worker's step of the followed run at the playback step (it comes with the view reply, after training). */
async function stepArrived(page: Page): Promise<void> {
  await poll(
    () =>
      page.evaluate(() => {
        const d = (window as unknown as Handle).__downhill;
        const v = d.live.view;
        const s = d.store.getState();
        return !!v && v.runId === d.live.sentRun && !v.stepPending && v.step?.k === s.t && v.step.run === s.theory;
      }),
    30_000,
  ).toBe(true);
}

/** The followed run's projected point at rows t and t + 1 (its path, as the chunks gave it), and the plot's window. */
function pathPoints(page: Page) {
  return page.evaluate(() => {
    const d = (window as unknown as Handle).__downhill;
    const { t, theory } = d.store.getState();
    const P = d.live.paths[theory]!.params;
    return { t, at: [P[2 * t]!, P[2 * t + 1]!] as const, next: [P[2 * t + 2]!, P[2 * t + 3]!] as const, range: d.live.surface.range };
  });
}

test('MLP lab, show=step: the worker\'s step draws the momentum run\'s arrows at its projected point, and the step bar gives its Taylor check', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await stepArrived(page);
  const { at, range } = await pathPoints(page);
  const box = (await page.locator(FRONT).first().boundingBox())!;
  const p = contourPoint({ x: 0, y: 0, width: box.width, height: box.height }, range, at[0], at[1]);
  await poll(() => pixelsNear(page, FRONT, p.x, p.y, 60, SLATE)).toBeGreaterThan(0);
  const withArrows = await pixelsNear(page, FRONT, p.x, p.y, 60, SLATE);
  await expect(page.locator('.step-line').textContent()).resolves.toMatch(/^Step 30 → 31: ΔL predicted by the tangent plane −?[\d.e−]+, by the second-order model −?[\d.e−]+; actual −?[\d.e−]+\.$/);
  // The same plot without the arrows (the eigen-axes of the same run stay): the history arrow's slate is gone.
  const drawn = await canvasDigest(page, FRONT);
  await page.getByLabel('Step arrows').click();
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawn);
  const without = await pixelsNear(page, FRONT, p.x, p.y, 60, SLATE);
  expect(withArrows, `${withArrows} vs ${without}`).toBeGreaterThan(without + 25);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('MLP lab: the equations panel shows the step\'s numbers: ‖∇L‖ and the slice coordinates of θ_t and θ_{t+1}, as on the paths', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await stepArrived(page);
  const panel = page.getByRole('figure', { name: 'The step, in equations' });
  const numeric = panel.locator('[data-equations-step]');
  await panel.scrollIntoViewIfNeeded();
  await poll(() => numeric.locator('.katex').count()).toBeGreaterThan(5);
  await expect(panel.locator('.eq-caption').textContent()).resolves.toMatch(/^At step 30 → 31 \(\d+ parameters/);
  const { at, next } = await pathPoints(page);
  const tex = (await numeric.textContent()) ?? '';
  // The projected points are the paths' own rows (the chunks' projection, computed apart from the step's).
  expect(tex).toContain(`\\theta_{30} \\mapsto (${texNum(at[0])}, ${texNum(at[1])})`);
  expect(tex).toContain(`\\theta_{31} \\mapsto (${texNum(next[0])}, ${texNum(next[1])})`);
  const g = await page.evaluate(() => Math.hypot(...(window as unknown as Handle).__downhill.live.view!.step!.full.gradient));
  expect(tex).toContain(`\\|\\nabla L(\\theta_{30})\\| = ${texNum(g)}`);
  expect(tex).toContain('\\gamma\\,\\mathrm{update}_{29}');
  expect(tex).toContain('\\text{pc1}');
  expect(problems.errors).toEqual([]);
  await page.close();
});

/** How many of `points` (CSS px of the contour plot) have a slate pixel within 2 px. */
function slateAt(page: Page, points: readonly (readonly [number, number])[]): Promise<number> {
  return page.evaluate(
    ({ sel, points }) => {
      const c = document.querySelector(sel) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const slate = (i: number, j: number) => {
        const o = 4 * (j * c.width + i);
        return data[o + 3] !== 0 && Math.abs(data[o]! - 0x33) + Math.abs(data[o + 1]! - 0x41) + Math.abs(data[o + 2]! - 0x55) < 60;
      };
      let n = 0;
      const r = Math.ceil(2 * k);
      for (const [x, y] of points) {
        const ci = Math.round(x * k);
        const cj = Math.round(y * k);
        let hit = false;
        for (let j = cj - r; j <= cj + r && !hit; j++) for (let i = ci - r; i <= ci + r && !hit; i++) hit = slate(i, j);
        if (hit) n++;
      }
      return n;
    },
    { sel: FRONT, points },
  );
}

test('MLP lab, Magnify the step (a real click; show=zoom in the link): an inset draws the step\'s few-pixel arrows many times longer', async () => {
  // A momentum run late enough that its projected step is a few pixels long on the slice.
  const { page, problems } = await openApp(browser(), 'problem=mlp&runs=momentum(eta:0.3;gamma:0.8)&show=step&t=40');
  await stepArrived(page);
  const { at, range } = await pathPoints(page);
  const box = (await page.locator(FRONT).first().boundingBox())!;
  // The plot's own frame: the view draws at its box's size rounded to whole pixels (useElementSize), and
  // the inset magnifies even that rounding many times over.
  const plot = { x: 0, y: 0, width: Math.round(box.width), height: Math.round(box.height) };
  const history = await page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: unknown; store: { getState(): object }; steps: { at(s: object, l: unknown): { trace: { probe: { history: Float64Array } } } } } }).__downhill;
    return Array.from(d.steps.at(d.store.getState(), d.live).trace.probe.history);
  });
  // The history arrow −γ·update_{t−1}, from θ_t to θ_t − γ·update_{t−1}: a few pixels on the plot.
  const from = contourPoint(plot, range, at[0], at[1]);
  const to = contourPoint(plot, range, at[0] - history[0]!, at[1] - history[1]!);
  expect(Math.hypot(to.x - from.x, to.y - from.y)).toBeLessThan(10);
  await poll(() => pixelsNear(page, FRONT, from.x, from.y, 30, SLATE)).toBeGreaterThan(0);
  const drawn = await canvasDigest(page, FRONT);
  await page.getByLabel('Magnify the step').click();
  await poll(async () => (await hashParams(page)).show).toBe('step,zoom');
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawn);
  // The inset (data-zoom: its left, top, side and the square it magnifies) maps the plot's pixels onto its own.
  const [left, top, side, sx, sy, size] = (await page.locator('.contour').first().getAttribute('data-zoom'))!.split(',').map(Number) as [number, number, number, number, number, number];
  const m = (p: { x: number; y: number }) => [left + ((p.x - sx) * side) / size, top + ((p.y - sy) * side) / size] as const;
  const [a, b] = [m(from), m(to)];
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  expect(length).toBeGreaterThan(60);
  expect(length).toBeLessThan(side);
  // The arrow is drawn there, slate along its whole shaft, in the inset away from the point.
  const shaft = Array.from({ length: 21 }, (_, i) => [a[0] + ((b[0] - a[0]) * (0.1 + 0.8 * (i / 20))), a[1] + ((b[1] - a[1]) * (0.1 + 0.8 * (i / 20)))] as const);
  expect(shaft.every(([x, y]) => Math.hypot(x - from.x, y - from.y) > 40)).toBe(true);
  expect(await slateAt(page, shaft)).toBeGreaterThanOrEqual(19);
  // Off again: the inset is gone (no slate along where the shaft was), and the window never changed.
  await page.getByLabel('Magnify the step').click();
  await poll(() => slateAt(page, shaft)).toBeLessThanOrEqual(2);
  await expect(page.locator('.contour').first().getAttribute('data-zoom')).resolves.toBe('');
  expect((await pathPoints(page)).range).toEqual(range);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('MLP lab: the step follows playback (forwards and backwards), and its arrows move with the point', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await stepArrived(page);
  const drawnAt30 = await canvasDigest(page, FRONT);
  const forward = page.getByRole('button', { name: 'Step forward' });
  for (let k = 0; k < 3; k++) {
    await forward.click();
    await stepArrived(page);
  }
  expect(await page.evaluate(() => (window as unknown as Handle).__downhill.store.getState().t)).toBe(33);
  const { at, range } = await pathPoints(page);
  const box = (await page.locator(FRONT).first().boundingBox())!;
  const p = contourPoint({ x: 0, y: 0, width: box.width, height: box.height }, range, at[0], at[1]);
  await poll(() => pixelsNear(page, FRONT, p.x, p.y, 60, SLATE)).toBeGreaterThan(0);
  // Backwards: the worker replays from θ₀ (budgeted, over several replies) and the step of t = 10 arrives.
  await page.evaluate(() => (window as unknown as { __downhill: { store: { getState(): { setT(t: number): void } } } }).__downhill.store.getState().setT(10));
  await stepArrived(page);
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawnAt30);
  await expect(page.locator('.step-line').textContent()).resolves.toMatch(/^Step 10 → 11: /);
  expect(problems.errors).toEqual([]);
  await page.close();
});
