import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { mapFrame, cellSetting } from '../../src/views/map/mapDraw';
import { STATUS_COLORS, STEP_STOPS } from '../../src/views/map/mapColors';
import { useBrowser } from './browser';
import { hashParams, openApp, pathEnd, poll, settled } from './app';

const browser = useBrowser();

const progress = (page: Page) => page.locator('.convergence-map [role=progressbar]').getAttribute('aria-valuenow');

/** Pixels of the map's canvas near the diverged red, and near any colour of the blue step scale. */
function mapColors(page: Page): Promise<{ red: number; blue: number; total: number }> {
  return page.evaluate(
    ({ red, stops }) => {
      const c = document.querySelector('.convergence-map canvas') as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
      const r0 = rgb(red);
      const blues = stops.map(rgb);
      let nr = 0;
      let nb = 0;
      for (let o = 0; o < data.length; o += 4) {
        const p = [data[o]!, data[o + 1]!, data[o + 2]!];
        const d = (q: number[]) => Math.abs(p[0]! - q[0]!) + Math.abs(p[1]! - q[1]!) + Math.abs(p[2]! - q[2]!);
        if (d(r0) < 30) nr++;
        // On the scale: within reach of one of its stops, and blue dominant.
        else if (p[2]! > p[0]! + 40 && blues.some((q) => d(q) < 90)) nb++;
      }
      return { red: nr, blue: nb, total: data.length / 4 };
    },
    { red: STATUS_COLORS.diverged, stops: [...STEP_STOPS] },
  );
}

/** The shown layer of the map and the canvas box, read from the page. */
async function mapLayer(page: Page) {
  return page.evaluate(() => {
    type L = { size: number; rows: number; cols: number; etas: Float64Array; gammas: Float64Array | null; status: Uint8Array; filled: Uint8Array };
    const m = (window as unknown as { __downhill: { store: { getState(): { map: { layers: L[]; run: number } } } } }).__downhill.store.getState().map;
    const l = m.layers.at(-1)!;
    const b = document.querySelector('.convergence-map canvas')!.getBoundingClientRect();
    return { run: m.run, rows: l.rows, cols: l.cols, etas: Array.from(l.etas), gammas: l.gammas ? Array.from(l.gammas) : null, status: Array.from(l.status), box: { x: b.x, y: b.y, width: b.width, height: b.height } };
  });
}

/** Page coordinates of cell (r, c)'s centre. */
function cellCentre(l: Awaited<ReturnType<typeof mapLayer>>, r: number, c: number) {
  const f = mapFrame(l.box.width, l.box.height, { rows: l.rows, cols: l.cols, etas: Float64Array.from(l.etas), gammas: l.gammas ? Float64Array.from(l.gammas) : null });
  return { x: l.box.x + f.x0 + ((c + 0.5) / l.cols) * f.w, y: l.box.y + f.y0 + ((l.rows - 1 - r + 0.5) / l.rows) * f.h };
}

test('on a quadratic the momentum map completes, shows converged and diverged cells and the exact edge, and a click sets η and γ', async () => {
  const { page, problems } = await openApp(browser(), 'problem=quadratic&steps=200&runs=momentum(eta:0.05;gamma:0.5)');
  await poll(() => progress(page), 30_000).toBe('100');
  const l = await mapLayer(page);
  expect([l.rows, l.cols]).toEqual([64, 64]);
  const colors = await mapColors(page);
  expect(colors.blue).toBeGreaterThan(0.05 * colors.total);
  expect(colors.red).toBeGreaterThan(0.05 * colors.total);
  await expect(page.locator('.map-panel').textContent()).resolves.toContain('exact on a quadratic');

  // A converged cell (status 0) at another η than the run's, with γ: pick one in the middle rows.
  const before = await pathEnd(page, 0);
  let pick: { r: number; c: number } | null = null;
  for (let r = 40; r > 8 && !pick; r--) for (let c = 0; c < l.cols && !pick; c++) if (l.status[r * l.cols + c] === 0 && Math.abs(Math.log10(l.etas[c]! / 0.05)) > 0.2) pick = { r, c };
  expect(pick).not.toBeNull();
  const want = cellSetting({ etas: Float64Array.from(l.etas), gammas: Float64Array.from(l.gammas!) }, pick!.r, pick!.c);
  const p = cellCentre(l, pick!.r, pick!.c);
  await page.mouse.move(p.x, p.y);
  await poll(() => page.locator('.map-readout').textContent()).toContain('converged at step');
  await page.mouse.click(p.x, p.y);
  await poll(() => hashParams(page).then((h) => h.runs)).toBe(`momentum(eta:${want.eta};gamma:${want.gamma})`);
  await settled(page);
  const after = await pathEnd(page, 0);
  expect(after).not.toEqual(before);
  // The new map is centred on the new η and completes again.
  await poll(() => progress(page), 30_000).toBe('100');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the default sigmoid link maps its GD run as a strip over η that completes and sets η on Enter', async () => {
  const { page, problems } = await openApp(browser(), '');
  await poll(() => progress(page), 30_000).toBe('100');
  const l = await mapLayer(page);
  expect(l.rows).toBe(1);
  expect(l.gammas).toBeNull();
  await expect(page.locator('.map-panel').textContent()).resolves.toContain('has no γ');
  const colors = await mapColors(page);
  expect(colors.blue + colors.red).toBeGreaterThan(0);
  const runsBefore = (await hashParams(page)).runs ?? (await hashParams(page)).opt;
  const before = await pathEnd(page, l.run);
  // Keyboard: focus the map, move the cursor two cells right of the run's η, Enter.
  await page.locator('.convergence-map canvas').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.map-readout').textContent()).resolves.toMatch(/^η = /);
  await page.keyboard.press('Enter');
  await poll(async () => {
    const h = await hashParams(page);
    return h.runs ?? h.opt;
  }).not.toBe(runsBefore);
  const h = await hashParams(page);
  expect(h.runs).toMatch(/eta:/);
  await settled(page);
  expect(await pathEnd(page, l.run)).not.toEqual(before);
  await poll(() => progress(page), 30_000).toBe('100');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('rprop says it has no map, and the MLP map says it is coarser', async () => {
  const { page } = await openApp(browser(), 'problem=quadratic&runs=rprop');
  await poll(() => page.locator('.map-panel').textContent()).toContain('ignores η');
  await page.close();
  const mlp = await openApp(browser(), 'problem=mlp');
  await expect(mlp.page.locator('.map-panel').textContent()).resolves.toContain('coarser');
  await poll(() => progress(mlp.page), 60_000).toBe('100');
  expect(mlp.problems.errors).toEqual([]);
  await mlp.page.close();
});
