import { expect, test } from 'vitest';
import { openApp, poll } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

test('a polite live region says what happened once the runs are in, and again after a change settles', async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd,momentum,nesterov');
  const region = page.locator('[data-summary]');
  await expect(region.getAttribute('aria-live')).resolves.toBe('polite');
  // The statuses are the lecture's (and the CLI's); the last digits of a loss at round-off are the page's engine's.
  await poll(() => region.textContent()).toMatch(/^After 1000 steps: 1\. GD converged at step 745, L = 2\.4e−11; 2\. Momentum converged at step 304, L = [\d.]+e−3\d; 3\. Nesterov converged at step 215, L = [\d.]+e−3\d\.$/);
  const field = page.getByLabel('Learning rate η (number)');
  await field.fill('19.1');
  await field.press('Enter');
  // The saturated plateau of issue 8: momentum and Nesterov are flung onto it; the region says so in the legend's words.
  await poll(() => region.textContent()).toMatch(/^After 1000 steps: 1\. GD .*; 2\. Momentum (stuck on a plateau|not converged).*; 3\. Nesterov .*\.$/);
  const legend = (await page.locator('.legend').textContent()) ?? '';
  const said = (await region.textContent()) ?? '';
  for (const part of said.replace(/^After 1000 steps: /, '').split('; ')) expect(legend).toContain(part.replace(/^\d+\. [^ ]+ /, '').replace(/, L = .*$/, ''));
  expect(problems.errors).toEqual([]);
  await page.close();
});
