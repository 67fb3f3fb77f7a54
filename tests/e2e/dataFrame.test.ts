import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, openApp, poll, setHash } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), 'data=0.5:-0.9,1:0.5,2.5:1.95&steps=50');
});

test('the data plot’s y axis fits the data: every point of a link with y in [−1, 2] is inside the frame', async () => {
  const { page, problems } = app;
  const frame = (await page.locator('.dataplot .frame').boundingBox())!;
  const points = page.getByRole('button', { name: /^data point \d+:/ });
  await expect.poll(() => points.count()).toBe(3);
  for (const box of await Promise.all((await points.all()).map((p) => p.boundingBox()))) {
    const cx = box!.x + box!.width / 2;
    const cy = box!.y + box!.height / 2;
    expect(cx).toBeGreaterThanOrEqual(frame.x);
    expect(cx).toBeLessThanOrEqual(frame.x + frame.width);
    expect(cy).toBeGreaterThanOrEqual(frame.y);
    expect(cy).toBeLessThanOrEqual(frame.y + frame.height);
  }
  // Each point sits at its own y on the axis (not pinned to the frame's edge): read against the grid lines of 0 and 1.
  const svg = await page.locator('.dataplot').evaluate((el) => ({
    grid: [...el.querySelectorAll('line.grid')].map((l) => Number(l.getAttribute('y1'))),
    labels: [...el.querySelectorAll('text.tick[text-anchor="end"]')].map((t) => t.textContent),
    cy: [...el.querySelectorAll('circle.datapoint')].map((c) => Number(c.getAttribute('cy'))),
  }));
  const y0 = svg.grid[svg.labels.indexOf('0')]!;
  const y1 = svg.grid[svg.labels.indexOf('1')]!;
  [-0.9, 0.5, 1.95].forEach((v, i) => expect(svg.cy[i]).toBeCloseTo(y0 + (y1 - y0) * v, 1));
  expect(problems.errors).toEqual([]);
});

test('removing the last data point is refused with a notice that says why', async () => {
  const { page, problems } = app;
  await setHash(page, 'data=1:0.5&steps=50');
  const point = page.getByRole('button', { name: /^data point 1:/ });
  await point.focus();
  await page.keyboard.press('Delete');
  await poll(() => appState(page).then((s) => s.notices.find((n) => n.key === 'data')?.message ?? '')).toMatch(/at least one data point/);
  await expect.poll(() => page.locator('.notices li[data-key="data"]').textContent()).toMatch(/last point cannot be removed/);
  expect((await appState(page)).experiment.data).toEqual([{ x: 1, y: 0.5 }]);
  expect(problems.errors).toEqual([]);
});
