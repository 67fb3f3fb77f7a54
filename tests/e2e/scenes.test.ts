import { expect, test } from 'vitest';
import { SCENES } from '../../src/url/scenes';
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
}, 180_000);
