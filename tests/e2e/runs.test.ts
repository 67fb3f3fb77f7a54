import { expect, test } from 'vitest';
import { canvasStats, useBrowser } from './browser';
import { appState, hashParams, openApp, poll, settled, surfaceDrawn } from './app';
import { runCli } from '../../src/cli/runCli';

const browser = useBrowser();

/** The Okabe–Ito colours of runs 1–8 (src/views/colors.ts), as the views draw them. */
const RUN = ['#D55E00', '#009E73', '#CC79A7', '#0072B2', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const legendRows = (page: import('playwright-core').Page) => page.locator('.legend li[data-run]');

/** Sets a run's setting through its editor: open Edit, type, Enter. */
async function setSetting(page: import('playwright-core').Page, run: number, label: RegExp, value: string) {
  const editor = page.getByRole('group', { name: `Settings of run ${run}` });
  if (!(await editor.isVisible())) await page.getByRole('button', { name: new RegExp(`^Edit run ${run}:`) }).click();
  const field = editor.getByRole('textbox', { name: label });
  await field.fill(value);
  await field.press('Enter');
}

test('builds three GD runs at three learning rates from the run list, sees three colours and legend rows, side by side, and the same after a reload', async () => {
  const { page, problems } = await openApp(browser(), 'steps=300&opt=gd');
  await settled(page);
  // Two copies of the GD run, then an η each through the editor.
  await page.getByRole('button', { name: 'Duplicate run 1' }).click();
  await poll(() => legendRows(page).count()).toBe(2);
  await page.getByRole('button', { name: 'Duplicate run 1' }).click();
  await poll(() => legendRows(page).count()).toBe(3);
  await setSetting(page, 1, /learning rate/, '0.5');
  await setSetting(page, 3, /learning rate/, '4');
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('gd(eta:0.5),gd,gd(eta:4)');
  await settled(page);
  expect(await legendRows(page).locator('.name').allInnerTexts()).toEqual(['GD η = 0.5', 'GD', 'GD η = 4']);
  // Each legend row has a final status; every status agrees with the CLI for the same link.
  const shown = await page.evaluate(() => (window as unknown as { __downhill: { flushUrl(): string } }).__downhill.flushUrl());
  const cli = JSON.parse(runCli([`#${shown}`, '--format', 'json']).stdout) as { runs: { status: { kind: string; step?: number } }[] };
  const statuses = await legendRows(page).locator('.status').allInnerTexts();
  expect(statuses).toHaveLength(3);
  const words: Record<string, string> = { finished: 'not converged after 300 steps', converged: 'converged at step', diverged: 'diverged at step', plateau: 'stuck on a plateau' };
  for (const [i, s] of statuses.entries()) {
    const st = cli.runs[i]!.status;
    expect(s).toContain(words[st.kind]!);
    if (st.step !== undefined) expect(s).toContain(`step ${st.step}`);
  }
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await poll(() => page.locator('.panels.split > figure.panel').count()).toBe(3);
  // Three colours: each panel's contour plot draws its own run's path, in its colour, and no other.
  for (const i of [1, 2, 3]) {
    const panel = `.panels.split > figure.panel:nth-child(${i})`;
    await poll(() => surfaceDrawn(page, `${panel} .surface3d canvas`)).toBe(true);
    const others = RUN.slice(0, 3).filter((_, j) => j !== i - 1);
    await poll(() => canvasStats(page, `${panel} .contour canvas:nth-child(2)`, [RUN[i - 1]!, ...others]).then((st) => st.near[0])).toBeGreaterThan(30);
    const st = await canvasStats(page, `${panel} .contour canvas:nth-child(2)`, [RUN[i - 1]!, ...others]);
    expect(st.near.slice(1)).toEqual([0, 0]);
  }
  const captions = await page.locator('.panels.split > figure.panel > figcaption').allInnerTexts();
  expect(captions.map((c) => c.trim())).toEqual(['1. GD η = 0.5', '2. GD', '3. GD η = 4']);

  const link = await page.evaluate(() => (window as unknown as { __downhill: { flushUrl(): string } }).__downhill.flushUrl());
  await page.reload();
  await settled(page);
  expect(await legendRows(page).locator('.name').allInnerTexts()).toEqual(['GD η = 0.5', 'GD', 'GD η = 4']);
  expect(await page.locator('.panels.split > figure.panel').count()).toBe(3);
  expect(await page.evaluate(() => location.hash.slice(1))).toBe(link);

  // Remove the middle run: two rows, two panels, the link without it, colours by position.
  await page.getByRole('button', { name: 'Remove run 2' }).click();
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('gd(eta:0.5),gd(eta:4)');
  await poll(() => page.locator('.panels.split > figure.panel').count()).toBe(2);
  expect(await legendRows(page).locator('.name').allInnerTexts()).toEqual(['GD η = 0.5', 'GD η = 4']);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a link with 8 runs draws 8 paths in 8 colours, 8 legend rows, and 8 side-by-side panels on one 1280×800 screen', async () => {
  const runs = 'gd(eta:0.5),gd,gd(eta:4),momentum(gamma:0.5),rprop(step:0.05;max:1),gd(decay:exp;beta:0.005;clip:1),newton,nesterov(gamma:0.8)';
  const { page, problems } = await openApp(browser(), `runs=${runs}&steps=500`);
  await settled(page);
  expect(await legendRows(page).count()).toBe(8);
  expect((await appState(page)).notices).toEqual([]);
  const swatches = await page.locator('.legend li[data-run] .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(swatches).size).toBe(8);
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await poll(() => page.locator('.panels.split > figure.panel').count()).toBe(8);
  const boxes = await page.locator('.panels.split > figure.panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  for (const b of boxes) {
    expect(b.right).toBeLessThanOrEqual(1280);
    expect(b.bottom).toBeLessThanOrEqual(800 + 400);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
  for (let i = 1; i <= 8; i++) await poll(() => surfaceDrawn(page, `.panels.split > figure.panel:nth-child(${i}) .surface3d canvas`)).toBe(true);
  await page.screenshot({ path: 'test-results/runs-8-split.png', fullPage: true });
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a bad run in a link is named in a notice and dropped; the other runs draw', async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd,rprop(up:1),momentum(gamma:0.5)&steps=200');
  await settled(page);
  const notices = (await appState(page)).notices;
  expect(notices.map((n) => n.message).join(' ')).toContain('run 2: up must be greater than 1');
  await poll(() => page.getByRole('status').or(page.locator('.notices')).first().innerText()).toContain('up must be greater than 1');
  expect(await legendRows(page).locator('.name').allInnerTexts()).toEqual(['GD', 'Momentum γ = 0.5']);
  const front = await canvasStats(page, '.contour canvas:nth-child(2)', RUN.slice(0, 2));
  expect(front.near.every((n) => n > 20)).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the run editor refuses a value a link could not hold, naming the run and the setting, and keeps the run', async () => {
  const { page, problems } = await openApp(browser(), 'runs=rprop&steps=100');
  await settled(page);
  await setSetting(page, 1, /growth α/, '0.5');
  await poll(() => appState(page).then((s) => s.notices.map((n) => n.message).join(' '))).toContain('run 1: up must be greater than 1');
  expect((await appState(page)).experiment.runs).toEqual([{ optimizer: 'rprop', settings: {} }]);
  // The field shows the run's value again (blank: the default), not the refused text.
  await poll(() => page.getByRole('group', { name: 'Settings of run 1' }).getByLabel(/growth α/).inputValue()).toBe('');
  await setSetting(page, 1, /growth α/, '1.5');
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('rprop(up:1.5)');
  // Adding a run from the menu: Newton, with its own η of 1 named under the η slider.
  await page.getByRole('combobox', { name: 'Optimizer of the new run' }).selectOption('newton');
  await page.getByRole('button', { name: 'Add run' }).click();
  await poll(() => hashParams(page).then((h) => h.runs)).toBe('rprop(up:1.5),newton');
  await poll(() => page.locator('.eta-note').innerText()).toContain('Newton');
  expect(await page.locator('.eta-note').innerText()).toContain('No η: 1. Rprop');
  await settled(page);
  await poll(() => legendRows(page).nth(1).locator('.status').innerText()).toMatch(/Hessian (singular|not positive definite)|converged|not converged/);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test("hiding a run in the legend takes its curve off the one-input decision map (sine), and showing it brings it back", async () => {
  const { page, problems } = await openApp(browser(), 'problem=mlp&dataset=sine&size=60&steps=200&eta=0.05&runs=gd,momentum&grid=32');
  await settled(page);
  const map = '.decision-map canvas';
  const momentum = () => canvasStats(page, map, [RUN[1]!]).then((s) => s.near[0]!);
  await poll(momentum).toBeGreaterThan(30);
  await page.getByRole('checkbox', { name: 'Show run 2: Momentum' }).uncheck();
  await poll(momentum).toBe(0);
  expect(await canvasStats(page, map, [RUN[0]!]).then((s) => s.near[0]!)).toBeGreaterThan(30);
  await page.getByRole('checkbox', { name: 'Show run 2: Momentum' }).check();
  await poll(momentum).toBeGreaterThan(30);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test("each run editor writes its optimizer's rule with real subscripts, not TeX markup (θ_{t+1})", async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd,momentum,nesterov,newton,rprop,quickprop&steps=50');
  await settled(page);
  for (let run = 1; run <= 6; run++) {
    const editor = page.getByRole('group', { name: `Settings of run ${run}` });
    if (!(await editor.isVisible())) await page.getByRole('button', { name: new RegExp(`^Edit run ${run}:`) }).click();
    const rule = editor.locator('.rule');
    const text = await rule.innerText();
    expect(text, `run ${run}`).not.toMatch(/[_{}]/);
    // Every rule but Rprop's prose names θ_t or update_t: its t is a subscript element.
    if (run !== 5) expect(await rule.locator('sub', { hasText: /^t$/ }).count(), `run ${run}: ${text}`).toBeGreaterThan(0);
  }
  expect(problems.errors).toEqual([]);
  await page.close();
});
