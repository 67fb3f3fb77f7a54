import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { theoryNumber as fmt } from '../../src/views/theory/theoryFormat';
import { canvasStats, useBrowser } from './browser';
import { hashParams, openApp, poll, setHash, settled } from './app';

const browser = useBrowser();

/** A rotated eccentric bowl: the eigenvectors are not the axes, so a swapped or unrotated H would show. */
const BOWL = 'problem=quadratic&curv=2,8&angle=30&start=-3,2&eta=0.1&gamma=0.5&steps=200&runs=gd,momentum,nesterov&range=-5,5,-5,5';

/** What the CLI's --theory prints for the page's current link at its playback step and followed run. */
async function cliTheory(page: Page): Promise<{ eigenvalues: number[]; loss: number; point: number[]; eta_max_gd: number | null; heavy_ball_optimum: { eta: number; gamma: number } | null }> {
  const link = await page.evaluate(() => location.hash);
  const h = await hashParams(page);
  const r = runCli([link, '--theory', '--step', h.t ?? '0', '--run', h.theory ?? '1']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The eigenvalues the panel shows, at full precision (its data attribute), and its step. */
async function panelEigenvalues(page: Page): Promise<number[]> {
  const text = await page.locator('.theory [data-eigenvalues]').getAttribute('data-eigenvalues');
  return (text ?? '').split(',').map(Number);
}

test('the theory panel shows the CLI\'s eigenvalues and point at the playback step, for the run chosen, and says it is exact on a quadratic', async () => {
  const { page, problems } = await openApp(browser(), `${BOWL}&t=0`);
  const panel = page.getByRole('figure', { name: 'Theory at the point' });
  await expect(panel.locator('.theory-scope').textContent()).resolves.toMatch(/^Exact on this quadratic/);
  let cli = await cliTheory(page);
  const shown = await panelEigenvalues(page);
  expect(shown[0]).toBeCloseTo(cli.eigenvalues[0]!, 12);
  expect(shown[1]).toBeCloseTo(cli.eigenvalues[1]!, 12);
  expect(shown[0]).toBeCloseTo(2, 10);
  expect(shown[1]).toBeCloseTo(8, 10);
  await expect(panel.locator('[data-kind]').getAttribute('data-kind')).resolves.toBe('bowl');
  await expect(panel.locator('[data-entry="gd-max"] .value').textContent()).resolves.toBe('0.25');

  // Another run and a later step: the link says so, and the CLI at that link agrees on the point.
  await panel.getByLabel('Run the theory follows').selectOption('1');
  await poll(() => hashParams(page).then((h) => h.theory)).toBe('2');
  await setHash(page, `${BOWL}&t=5&theory=2`);
  await settled(page);
  await poll(() => page.locator('.theory').getAttribute('data-step')).toBe('5');
  cli = await cliTheory(page);
  const point = await panel.locator('.theory-point .value').first().textContent();
  expect(point).toBe(`(${fmt(cli.point[0]!)}, ${fmt(cli.point[1]!)})`);
  // The momentum run has moved off the start by step 5.
  expect(cli.point).not.toEqual([-3, 2]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the η slider carries marks at 1/λ_max and 2/λ_max of the point shown, and they move with the surface', async () => {
  const { page, problems } = await openApp(browser(), `${BOWL}&t=0`);
  const marks = page.locator('.controls .slider').first().locator('.slider-mark');
  await expect(marks.count()).resolves.toBe(2);
  await expect(marks.nth(0).getAttribute('title')).resolves.toContain('η_opt = 1/λ_max = 0.125');
  await expect(marks.nth(1).getAttribute('title')).resolves.toContain('2/λ_max = 0.25');
  // The marks sit on the track in η order.
  const [a, b] = await Promise.all([marks.nth(0).boundingBox(), marks.nth(1).boundingBox()]);
  expect(a!.x).toBeLessThan(b!.x);
  await setHash(page, `${BOWL.replace('curv=2,8', 'curv=2,40')}&t=0`);
  await settled(page);
  await poll(() => marks.nth(1).getAttribute('title')).toContain('2/λ_max = 0.05');
  // A cap (nothing curves up): no η is optimal, no marks.
  await setHash(page, `${BOWL.replace('curv=2,8', 'curv=-2,-8')}&t=0`);
  await settled(page);
  await poll(() => marks.count()).toBe(0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the η slider\'s mark and the theory panel give the same η_opt where λ_max is not round', async () => {
  // λ_max = 8.041753: 1/λ = 0.124351 is "0.1244"; a mark computed from λ rounded to 4 digits (8.042) said 0.1243.
  const { page, problems } = await openApp(browser(), `${BOWL.replace('curv=2,8', 'curv=2,8.041753')}&t=0`);
  await settled(page);
  const mark = page.locator('.controls .slider').first().locator('.slider-mark').first();
  await poll(() => mark.count()).toBe(1);
  const panel = await page.locator('.theory [data-entry="gd-opt"] .value').textContent();
  expect(panel).toContain('0.1244 (λmax)');
  expect(await mark.getAttribute('title')).toContain('η_opt = 1/λ_max = 0.1244 ');
  expect(await page.locator('.controls .slider').first().locator('.slider-mark').nth(1).getAttribute('title')).toContain('2/λ_max = 0.2487 ');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('"set best η" writes the run\'s own η into the link, its path changes, and the panel then predicts convergence', async () => {
  // η = 0.3 is above GD's bound 2/8 = 0.25 here: run 1 diverges and the panel says so.
  const { page, problems } = await openApp(browser(), `${BOWL.replace('eta=0.1', 'eta=0.3')}&t=0`);
  const panel = page.getByRole('figure', { name: 'Theory at the point' });
  await expect(panel.locator('.theory-prediction').getAttribute('data-verdict')).resolves.toBe('diverge');
  await expect(page.locator('.legend li').first().textContent()).resolves.toContain('diverged');
  const before = await page.evaluate(() => (window as unknown as { __downhill: { live: { sentRun: number } } }).__downhill.live.sentRun);
  await panel.getByRole('button', { name: /best fixed η/ }).click();
  // 2/(λ_min + λ_max) = 2/10 = 0.2, as the run's own setting.
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('gd(eta:0.2),momentum,nesterov');
  await settled(page);
  const after = await page.evaluate(() => (window as unknown as { __downhill: { live: { sentRun: number } } }).__downhill.live.sentRun);
  expect(after).toBeGreaterThan(before);
  await poll(() => page.locator('.legend li').first().textContent()).toContain('converged');
  await expect(panel.locator('.theory-prediction').getAttribute('data-verdict')).resolves.toBe('converge');

  // Momentum's heavy-ball pair sets η and γ together.
  await panel.getByLabel('Run the theory follows').selectOption('1');
  await panel.getByRole('button', { name: /^Set η = .*, γ = / }).click();
  // η* = (2/(√2 + √8))² = 2/9, γ* = ((√4 − 1)/(√4 + 1))² = 1/9, to four digits.
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('gd(eta:0.2),momentum(eta:0.2222;gamma:0.1111),nesterov');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('at a saddle the panel says "not convex here", shows no optimal or best η, and draws the eigen-axes only where the run is shown', async () => {
  const SADDLE = 'problem=quadratic&curv=1,-1&angle=0&start=-3,0.5&eta=0.1&steps=100&runs=gd&range=-4,4,-4,4&t=0';
  const { page, problems } = await openApp(browser(), SADDLE);
  const panel = page.getByRole('figure', { name: 'Theory at the point' });
  await expect(panel.locator('[data-kind]').getAttribute('data-kind')).resolves.toBe('saddle');
  await expect(panel.locator('.not-convex').textContent()).resolves.toBe('Not convex here.');
  await expect(panel.locator('[data-entry="gd-best"]').count()).resolves.toBe(0);
  await expect(panel.locator('[data-entry="momentum-pair"]').count()).resolves.toBe(0);
  await expect(panel.getByRole('button', { name: /^Set η/ }).count()).resolves.toBe(0);
  // Below the bound of the upward direction, the run still does not converge here, and the panel says so.
  await expect(panel.locator('.theory-prediction').getAttribute('data-verdict')).resolves.toBe('escape');
  // The slider marks only the bound, no optimal η.
  const marks = page.locator('.controls .slider').first().locator('.slider-mark');
  await expect(marks.count()).resolves.toBe(1);
  await expect(marks.first().getAttribute('title')).resolves.toContain('2/λ_max = 2');
  // The axes are dark (#0f172a) lines through the start; hiding the run the panel follows removes them.
  const dark = ['#0f172a'];
  const withAxes = (await canvasStats(page, '.contour canvas:nth-child(2)', dark)).near[0]!;
  await page.locator('.run-list').getByLabel('Show run 1').uncheck();
  await poll(async () => (await canvasStats(page, '.contour canvas:nth-child(2)', dark)).near[0]!).toBeLessThan(withAxes - 20);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('in the MLP lab the panel shows the theory on the slice plane at the run\'s θ_t, the CLI\'s numbers, labelled as the slice\'s', async () => {
  const MLP = 'v=1&problem=mlp&dataset=xor&noise=0.1&size=60&seed=3&arch=2-3-1&act=tanh&outact=sigmoid&loss=mse&eta=0.5&gamma=0.9&steps=150&runs=gd,momentum&slice=random&center=start&grid=32&t=40';
  const { page, problems } = await openApp(browser(), MLP);
  const panel = page.getByRole('figure', { name: 'Theory at the point' });
  await expect(panel.locator('figcaption').textContent()).resolves.toContain('slice plane');
  await poll(() => panel.locator('.theory').getAttribute('data-step')).toBe('40');
  await expect(panel.locator('.theory-scope').textContent()).resolves.toMatch(/slice plane/);
  const r = runCli([MLP, '--theory', '--step', '40', '--run', '1']);
  expect(r.code, r.stderr).toBe(0);
  const cli = JSON.parse(r.stdout) as { plane: boolean; eigenvalues: number[]; point: number[] };
  expect(cli.plane).toBe(true);
  const shown = await panelEigenvalues(page);
  expect(shown[0]).toBeCloseTo(cli.eigenvalues[0]!, 8);
  expect(shown[1]).toBeCloseTo(cli.eigenvalues[1]!, 8);
  await expect(panel.locator('.theory-point .value').first().textContent()).resolves.toBe(`(${fmt(cli.point[0]!)}, ${fmt(cli.point[1]!)})`);
  // The other run: the worker answers with its point.
  await panel.getByLabel('Run the theory follows').selectOption('1');
  await poll(() => panel.locator('.theory').getAttribute('data-run')).toBe('1');
  const r2 = JSON.parse(runCli([MLP, '--theory', '--step', '40', '--run', '2']).stdout) as { eigenvalues: number[] };
  await poll(() => panelEigenvalues(page).then((v) => v[1]!.toPrecision(6))).toBe(r2.eigenvalues[1]!.toPrecision(6));
  await expect(panel.getByRole('button', { name: /^Set η/ }).count()).resolves.toBe(0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

/** Records every state the theory panel's head shows (its text, updating or not, the step) from now on. */
function recordTheoryHead(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: { where: string; updating: boolean; hint: boolean }[] = [];
    (window as never as { __theorySeen: typeof seen }).__theorySeen = seen;
    const panel = document.querySelector('.theory-panel')!;
    const note = () => {
      const t = panel.querySelector('.theory');
      seen.push({ where: panel.querySelector('.theory-where')?.textContent ?? '', updating: t?.hasAttribute('data-updating') ?? false, hint: panel.querySelector('.theory > .hint') !== null });
    };
    new MutationObserver(note).observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** Moves the η slider to position `at` of its track, as a drag's input event does. */
const moveEta = (page: Page, at: number) =>
  page.evaluate((at) => {
    const input = document.querySelector<HTMLInputElement>('.controls input[type=range]')!;
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(input, String(Math.round(Number(input.min) + (Number(input.max) - Number(input.min)) * at)));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, at);

test('a slider move swaps the theory once: the last one stays up, marked as updating, until the new path is in (never the start\'s in between)', async () => {
  const { page, problems } = await openApp(browser(), BOWL);
  await recordTheoryHead(page);
  for (const at of [0.3, 0.34, 0.38, 0.42]) {
    await moveEta(page, at);
    await settled(page);
  }
  await poll(() => page.locator('.theory').getAttribute('data-updating')).toBe(null);
  const seen = await page.evaluate(() => (window as never as { __theorySeen: { where: string; updating: boolean; hint: boolean }[] }).__theorySeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((s) => s.where.includes('at the start'))).toEqual([]);
  expect(seen.filter((s) => s.hint)).toEqual([]);
  // While a move's path was computed the panel said so (and it was the last path's point, not a blank).
  expect(seen.some((s) => s.updating && /of the last path/.test(s.where))).toBe(true);
  await expect(page.locator('.theory').getAttribute('aria-busy')).resolves.toBe('false');
  await expect(page.locator('.theory-where').textContent()).resolves.toMatch(/at step \d+$/);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('in the MLP lab a slider move keeps the last theory up, marked as updating, until the new run\'s comes with its network', async () => {
  const { page, problems } = await openApp(browser(), 'problem=mlp');
  await settled(page);
  await poll(() => page.locator('.theory [data-eigenvalues]').count()).toBe(1);
  await recordTheoryHead(page);
  await moveEta(page, 0.4);
  await settled(page);
  await poll(() => page.locator('.theory').getAttribute('data-updating')).toBe(null);
  const seen = await page.evaluate(() => (window as never as { __theorySeen: { where: string; updating: boolean; hint: boolean }[] }).__theorySeen);
  expect(seen.some((s) => s.updating)).toBe(true);
  expect(seen.filter((s) => s.hint)).toEqual([]);
  await expect(page.locator('.theory [data-eigenvalues]').count()).resolves.toBe(1);
  expect(problems.errors).toEqual([]);
  await page.close();
});
