import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, hashParams, LINK, openApp, pathEnd, poll, setHash, settled } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

interface Seen {
  /** gd path length and status after every write of the bridge (views redraw from the same notifications). */
  writes: [number, string][];
}

test('a 100000-step run streams in: the first part of the path reaches the views before the end', async () => {
  const { page, problems } = app;
  await page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: { subscribe(fn: () => void): () => void; paths: ({ length: number; status: { kind: string } } | undefined)[] } } }).__downhill;
    const seen: Seen = { writes: [] };
    (window as unknown as { seen: Seen }).seen = seen;
    d.live.subscribe(() => {
      const p = d.live.paths[0];
      if (p && p.length !== seen.writes.at(-1)?.[0]) seen.writes.push([p.length, p.status.kind]);
    });
  });
  await page.evaluate((h) => {
    (window as unknown as { __downhill: { flushUrl(): string } }).__downhill.flushUrl();
    location.hash = h;
  }, LINK.replace('steps=1000', 'steps=100000'));
  await page.waitForFunction(() => (window as unknown as { seen: Seen }).seen.writes.some(([n]) => n === 100_001), null, { timeout: 30_000 });
  await settled(page);
  const { writes } = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
  // Chunks of the new run are longer than the old 1001-row path and shorter than the whole run.
  const partial = writes.filter(([n]) => n > 1001 && n < 100_001);
  expect(partial.length).toBeGreaterThan(1);
  expect(partial.map(([n]) => n)).toEqual(partial.map(([n]) => n).sort((a, b) => a - b));
  for (const [, kind] of partial) expect(kind).toBe('running');
  expect(writes.at(-1)).toEqual([100_001, 'converged']);
  expect((await pathEnd(page, 'gd'))?.length).toBe(100_001);
  expect((await appState(page)).experiment.steps).toBe(100_000);
  await poll(() => page.locator('.legend li[data-optimizer="gd"] .status').innerText()).toMatch(/^converged at step \d+/);
  expect(problems.errors).toEqual([]);
});

test('a worker that throws is restarted with the current experiment, the page says so and runs complete again', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  await page.evaluate(() => (window as unknown as { __downhill: { bridge: { injectFault(k: string): void } } }).__downhill.bridge.injectFault('throw'));
  await page.waitForFunction(() => (window as unknown as { __downhill: { bridge: { restarts: number } } }).__downhill.bridge.restarts === 1);
  await poll(() => page.locator('.notices').innerText()).toMatch(/restarted/i);
  await settled(page);

  const before = await pathEnd(page, 'gd');
  const slider = page.getByRole('slider', { name: /learning rate/i });
  await slider.focus();
  await slider.press('ArrowRight');
  await poll(() => hashParams(page).then((h) => h.eta)).toBe('1.1');
  await settled(page);
  expect(await pathEnd(page, 'gd')).not.toEqual(before);
  expect((await pathEnd(page, 'gd'))?.length).toBe(1001);
  expect(problems.errors).toEqual([]);
});

test('a worker that hangs is terminated after about two seconds and restarted', async () => {
  const { page, problems } = app;
  const bridge = () => page.evaluate(() => (window as unknown as { __downhill: { bridge: { restarts: number } } }).__downhill.bridge.restarts);
  const restarts = await bridge();
  const t0 = Date.now();
  await page.evaluate(() => (window as unknown as { __downhill: { bridge: { injectFault(k: string): void } } }).__downhill.bridge.injectFault('hang'));
  await page.waitForFunction((n) => (window as unknown as { __downhill: { bridge: { restarts: number } } }).__downhill.bridge.restarts === n + 1, restarts, { timeout: 10_000 });
  const waited = Date.now() - t0;
  expect(waited).toBeGreaterThan(1500);
  await poll(() => page.locator('.notices').innerText()).toMatch(/did not answer/i);
  await settled(page);

  const gamma = page.getByRole('slider', { name: /momentum/i });
  const before = await pathEnd(page, 'momentum');
  await gamma.focus();
  await gamma.press('ArrowLeft');
  await poll(() => hashParams(page).then((h) => h.gamma)).toBe('0.89');
  await settled(page);
  expect(await pathEnd(page, 'momentum')).not.toEqual(before);
  expect(await bridge()).toBe(restarts + 1);
  expect(problems.errors).toEqual([]);
});
