import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { LINK, openApp, setHash, settled } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

/** A small MLP run: its statuses and slice labels differ from the sigmoid lab's in every digit shown. */
const MLP = 'v=1&problem=mlp&dataset=circle&noise=0.1&size=100&seed=7&arch=2-8-8-1&act=tanh&outact=sigmoid&loss=mse&eta=1&gamma=0.9&steps=300&opt=gd,momentum,nesterov&slice=pca&grid=64';

interface Shown {
  lab: string;
  statuses: string[];
  axes: string[];
  caption: boolean;
}

/** What the legend, the 3D axis labels and the slice caption say now. */
function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => ({
    lab: document.querySelector('.app')!.className,
    statuses: [...document.querySelectorAll('.legend .status')].map((e) => e.textContent ?? ''),
    axes: [...document.querySelectorAll('.surface3d .axis-label')].map((e) => e.textContent ?? '').filter((t) => !t.startsWith('loss')),
    caption: document.querySelector('.slice-caption') !== null,
  }));
}

/**
 * Records every state of the legend, axis labels and slice caption the page passes through (a
 * MutationObserver: each DOM change, whether or not a frame was painted in between, which is stricter).
 */
async function record(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __shown: unknown[] };
    w.__shown = [];
    const snap = () =>
      w.__shown.push({
        lab: document.querySelector('.app')!.className,
        statuses: [...document.querySelectorAll('.legend .status')].map((e) => e.textContent ?? ''),
        axes: [...document.querySelectorAll('.surface3d .axis-label')].map((e) => e.textContent ?? '').filter((t) => !t.startsWith('loss')),
        caption: document.querySelector('.slice-caption') !== null,
      });
    new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  });
}

/** Switches labs with the Surface menu and returns every recorded state in which the new lab was shown. */
async function switchTo(page: Page, problem: string, lab: string): Promise<Shown[]> {
  await record(page);
  await page.getByLabel('Surface', { exact: true }).selectOption(problem);
  await settled(page);
  const all = await page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);
  return all.filter((s) => s.lab.includes(lab));
}

test("switching labs never shows the old lab's statuses, axis labels or slice caption", async () => {
  const { page, problems } = await openApp(browser(), MLP);
  const mlp = await shown(page);
  expect(mlp.statuses).toHaveLength(3);
  expect(mlp.axes.every((t) => /^pc[12]: /.test(t))).toBe(true);

  // MLP → sigmoid: the sigmoid lab's results arrive within a frame or two, so this is the quick direction.
  const toSigmoid = await switchTo(page, 'sigmoid', 'lab-sigmoid');
  expect(toSigmoid.length).toBeGreaterThan(0);
  for (const s of toSigmoid) {
    expect(s.statuses.filter((t) => mlp.statuses.includes(t))).toEqual([]);
    expect(s.axes.filter((t) => mlp.axes.includes(t))).toEqual([]);
    expect(s.caption).toBe(false);
  }
  await setHash(page, LINK);
  const sigmoid = await shown(page);
  expect(sigmoid.statuses).toHaveLength(3);
  expect(sigmoid.axes).toEqual(['w: -6 … 6', 'b: -6 … 6']);

  // Sigmoid → MLP: the network trains for a while before its first path; until then nothing of the sigmoid lab is shown.
  const toMlp = await switchTo(page, 'mlp', 'lab-mlp');
  expect(toMlp.length).toBeGreaterThan(0);
  for (const s of toMlp) {
    expect(s.statuses.filter((t) => sigmoid.statuses.includes(t))).toEqual([]);
    expect(s.axes.filter((t) => sigmoid.axes.includes(t))).toEqual([]);
  }
  expect((await shown(page)).statuses).toHaveLength(3);
  expect(problems.errors).toEqual([]);
  await page.close();
});
