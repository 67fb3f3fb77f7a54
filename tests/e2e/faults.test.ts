import type { Page } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { canvasStats, waitForRuns, watch, useBrowser } from './browser';
import { runExperiment } from '../../src/cli/runCli';
import { decode } from '../../src/url/codec';
import { appState, pathEnd, poll, settled, surfaceDrawn } from './app';

const browser = useBrowser();

/** Opens a raw fragment (possibly hostile) and records every <img> the page ever attaches and every dialog. */
async function openRaw(fragment: string) {
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { imgs: number };
    w.imgs = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) if (n instanceof Element && (n.tagName === 'IMG' || n.querySelector('img'))) w.imgs++;
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${base}#${fragment}`);
  await waitForRuns(page);
  await settled(page);
  return { page, problems, requests };
}

const noticeText = (page: Page) => page.locator('.notices').innerText();

test('a bad link shows a notice naming each bad field, keeps the good ones and still draws the surface', async () => {
  const { page, problems } = await openRaw('eta=1e400&opt=constructor&steps=abc&gamma=0.5&__proto__=x');
  await poll(() => page.locator('.notices').count()).toBe(1);
  const text = await noticeText(page);
  for (const key of ['eta', 'opt', 'steps', '__proto__']) expect(text).toContain(key);
  expect(text).not.toMatch(/gamma/);
  const keys = await page.locator('.notices li').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  expect(keys.sort()).toEqual(['__proto__', 'eta', 'opt', 'steps']);

  const s = await appState(page);
  expect(s.experiment.gamma).toBe(0.5);
  expect(s.experiment.eta).toBe(1);
  expect(s.experiment.steps).toBe(1000);
  expect(s.experiment.runs.map((r) => r.optimizer)).toEqual(['gd', 'momentum', 'nesterov']);
  expect(await page.getByRole('slider', { name: /momentum/i }).getAttribute('aria-valuetext')).toBe('0.5');
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect((await canvasStats(page, '.contour canvas:nth-child(1)')).distinct).toBeGreaterThan(10);
  // The repaired link is written back without the bad parts.
  await poll(() => page.evaluate(() => location.hash)).toMatch(/(^|&|#)eta=1&/);
  const hash = await page.evaluate(() => decodeURIComponent(location.hash));
  expect(hash).toContain('gamma=0.5');
  expect(hash).not.toMatch(/__proto__|constructor|1e400|abc/);

  await page.getByRole('button', { name: 'Dismiss' }).click();
  await poll(() => page.locator('.notices').count()).toBe(0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('HTML in a link value or key is shown as text, never as an element, and opens no dialog', async () => {
  const html = '<img src=x onerror=alert(1)>';
  const { page, problems, requests } = await openRaw(`eta=${html}&${encodeURIComponent(html)}=1&opt=${encodeURIComponent(html)}&gamma=0.3`);
  await poll(() => page.locator('.notices li').count()).toBe(3);
  const text = await noticeText(page);
  expect(text).toContain('<img');
  expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { imgs: number }).imgs)).toBe(0);
  expect(requests.filter((u) => new URL(u).pathname === '/x')).toEqual([]);
  expect((await appState(page)).experiment.gamma).toBe(0.3);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a link past every bound is capped: huge step counts, grids and point lists fall back to defaults', async () => {
  const points = Array.from({ length: 500 }, (_, i) => `${(i % 40) / 2 - 10}:0.5`).join(',');
  const { page, problems } = await openRaw(`steps=1e9&grid=100000&data=${points}&range=-1e9,1e9,-6,6&start=NaN,0&t=-1`);
  const keys = await page.locator('.notices li').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  expect(keys.sort()).toEqual(['data', 'grid', 'range', 'start', 'steps', 't']);
  const s = await appState(page);
  expect(s.experiment.steps).toBe(1000);
  expect((s.experiment as unknown as { grid: number }).grid).toBe(128);
  expect(s.experiment.data).toHaveLength(2);
  expect(s.experiment.range).toEqual([-6, 6, -6, 6]);
  expect(s.experiment.start).toEqual([-2, -2]);
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a wild run that flies far outside the window still ends finite, gets a status and leaves every view drawn', async () => {
  // η = 1000 with γ = 0.99 on spread-out data throws momentum and Nesterov to w ≈ −2.6e5, far past the ±6 window.
  const { page, problems } = await openRaw('eta=1000&gamma=0.99&start=0,0&steps=1000&data=20:0,-20:1,19:1');
  expect((await appState(page)).notices).toEqual([]);
  const paths = await page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: { paths: ({ status: { kind: string }; params: Float64Array; loss: Float64Array; length: number } | undefined)[] }; store: { getState(): { experiment: { runs: { optimizer: string }[] } } } } }).__downhill;
    const ids = d.store.getState().experiment.runs.map((r) => r.optimizer);
    return d.live.paths.map((q) => q!).map((p, i) => ({
      id: ids[i],
      kind: p.status.kind,
      length: p.length,
      finite: [...p.params.slice(0, 2 * p.length), ...p.loss.slice(0, p.length)].every(Number.isFinite),
      farthest: Math.max(...Array.from(p.params.slice(0, 2 * p.length), Math.abs)),
    }));
  });
  expect(paths.map((p) => p.id)).toEqual(['gd', 'momentum', 'nesterov']);
  for (const p of paths) {
    expect(p.kind).not.toBe('running');
    expect(p.finite).toBe(true);
  }
  expect(paths[1]!.farthest).toBeGreaterThan(1e5);
  for (const id of ['gd', 'momentum', 'nesterov']) {
    expect(await page.locator(`.legend li[data-optimizer="${id}"] .status`).innerText()).toMatch(/(converged|diverged) at step \d+|stuck on a plateau from step \d+|not converged after 1000 steps/);
  }
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect((await canvasStats(page, '.contour canvas:nth-child(1)')).distinct).toBeGreaterThan(10);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a run that explodes is marked "diverged at step k" at the step the engine finds, and ends finite', async () => {
  // Targets of 2 at x = 20 saturate σ; with η = 1000 and γ = 0.99 momentum keeps pushing |w| past 1e6.
  const link = 'data=20:2,20:2&start=0,0&eta=1000&gamma=0.99&steps=1000';
  const expected = runExperiment(decode(link).shared.experiment);
  const diverged = expected.filter((r) => r.status.kind === 'diverged');
  expect(diverged.length).toBeGreaterThan(0);
  const { page, problems } = await openRaw(link);
  for (const r of expected) {
    const text = await page.locator(`.legend li[data-optimizer="${r.spec.optimizer}"] .status`).innerText();
    if (r.status.kind === 'diverged') expect(text).toContain(`diverged at step ${r.status.step} (parameters past ±1e6)`);
    else expect(text).not.toContain('diverged');
    const end = await pathEnd(page, r.spec.optimizer);
    expect(end?.length).toBe(r.trajectory.length);
    expect(Number.isFinite(end!.w) && Number.isFinite(end!.b)).toBe(true);
  }
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});
