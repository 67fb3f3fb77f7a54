import { expect, test } from 'vitest';
import { runExperiment } from '../../src/cli/runCli';
import { createPlane } from '../../src/engine/problems/plane/registry';
import { bruteForce, evaluationsToReach } from '../../src/lab/bruteForce';
import type { Experiment } from '../../src/protocol/experiment';
import { decodeAny } from '../../src/url/codec';
import { findScene, SCENES } from '../../src/url/scenes';
import { appState, hashParams, openApp, poll, settled } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

test('the Lectures menu opens a scene by a real choice: its caption shows, the link holds it, and what the caption says happens', async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd');
  await page.getByLabel('Lecture scenes').selectOption('three-regimes');
  await poll(async () => (await hashParams(page)).scene).toBe('three-regimes');
  await settled(page);
  const caption = page.getByRole('region', { name: 'Lecture scene' });
  await expect(caption.textContent()).resolves.toContain('at 2.2·η_opt (past 2η_opt) it diverges');
  const s = await appState(page);
  expect(s.notices).toEqual([]);
  const kinds = await page.evaluate(() => (window as unknown as { __downhill: { live: { paths: { status: { kind: string } }[] } } }).__downhill.live.paths.map((p) => p.status.kind));
  expect(kinds).toEqual(['converged', 'converged', 'diverged']);
  await expect(page.locator('.legend').textContent()).resolves.toMatch(/converged at step 18.*converged at step 20.*diverged at step 69/s);
  await page.getByRole('button', { name: "Close the scene's caption" }).click();
  await poll(() => caption.count()).toBe(0);
  await poll(async () => (await hashParams(page)).scene).toBeUndefined();
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('every scene opens from its short link with no notice and no error', async () => {
  for (const scene of SCENES) {
    const { page, problems } = await openApp(browser(), `scene=${scene.id}`);
    expect((await appState(page)).notices, scene.id).toEqual([]);
    expect((await hashParams(page)).scene, scene.id).toBe(scene.id);
    await expect(page.getByRole('region', { name: 'Lecture scene' }).textContent()).resolves.toContain(scene.title);
    expect(problems.errors, scene.id).toEqual([]);
    await page.close();
  }
}, 360_000);

test('the guess-table scene shows the six guesses with the sixth starred; the brute-force scene\'s button does what its caption says', async () => {
  const guess = await openApp(browser(), 'scene=guess-table');
  const table = guess.page.getByRole('region', { name: 'Guess work', exact: true });
  await expect(table.locator('tbody tr').count()).resolves.toBe(6);
  await expect(table.locator('tbody tr[data-best="1"] td').first().textContent()).resolves.toBe('6');
  expect(guess.problems.errors).toEqual([]);
  await guess.page.close();

  const { page, problems } = await openApp(browser(), 'scene=brute-force');
  const e = decodeAny(findScene('brute-force')!.link).shared.experiment as Experiment;
  const grid = bruteForce(createPlane(e.problem, e.surface, e.data), e.range, 32);
  grid.advance(Infinity);
  const [gd] = runExperiment(e);
  const k = evaluationsToReach(gd!.trajectory.loss, gd!.trajectory.length, grid.best!.loss);
  const panel = page.getByRole('region', { name: 'Brute force' });
  await expect(panel.getByLabel('Brute force grid size n').inputValue()).resolves.toBe('32');
  await panel.getByRole('button', { name: 'Brute force' }).click();
  await poll(() => panel.locator('.brute-result').getAttribute('data-done'), 30_000).toBe('1');
  const fmt = (v: number) => String(Number(v.toFixed(4)));
  await expect(panel.locator('.brute-best').textContent()).resolves.toContain(`w = ${fmt(grid.best!.w)}, b = ${fmt(grid.best!.b)}`);
  await expect(panel.locator('.brute-runs').textContent()).resolves.toContain(`${k} gradient evaluations to get as low`);
  expect(problems.errors).toEqual([]);
  await page.close();
}, 120_000);
