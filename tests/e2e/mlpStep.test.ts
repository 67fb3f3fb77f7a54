import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { texNum } from '../../src/engine/optimizers/tex';
import { canvasDigest, contourPoint, openApp, pixelsNear, poll } from './app';
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
