import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { SMALL_MARGIN } from '../../src/views/plotFrame';
import { COLOR, hashParams, openApp, poll, settled } from './app';
import { canvasStats, useBrowser } from './browser';

const browser = useBrowser();

/** A small MLP run that finishes in well under a second: 2-8-8-1 tanh/sigmoid on 100 circle points. */
const MLP = 'v=1&problem=mlp&dataset=circle&noise=0.1&size=100&seed=7&arch=2-8-8-1&act=tanh&outact=sigmoid&loss=mse&eta=1&gamma=0.9&steps=300&opt=gd,momentum,nesterov&slice=pca&grid=64';

interface MlpHandle {
  store: {
    getState(): {
      experiment: { problem: string; runs: { optimizer: string }[]; slice: string; pair: [number, number]; trainOnly: boolean; layers: number[] };
      t: number;
      progress: { stage: string; done: number; total: number } | null;
      notices: { key: string; message: string; source: string }[];
      runs: Record<string, { status: { kind: string } } | undefined>;
      setT(t: number): void;
    };
    subscribe(fn: (s: { progress: { stage: string; done: number; total: number } | null }, prev: { progress: { stage: string; done: number; total: number } | null }) => void): () => void;
  };
  live: {
    sentRun: number;
    doneRun: number;
    surface: { coarse: boolean; nx: number; slice: { labels: [string, string]; mode: string } | null } | null;
    view: { steps: number[]; optimizers: string[]; t: number } | null;
    data: { x: Float64Array } | null;
    paths: ({ loss: Float64Array; length: number; offPlane: Float64Array | null; status: { kind: string } } | undefined)[];
  };
}

async function openMlp(hash: string, viewport = { width: 1400, height: 1000 }) {
  const { page, problems } = await openApp(browser(), hash, viewport);
  return { page, problems };
}

/**
 * A real mouse click on a parameter of the network diagram: edges cross, so it clicks the first point
 * along the element (an edge's line, or a unit's centre) where that element is the topmost target.
 */
async function clickParam(page: Page, selector: string): Promise<void> {
  const at = await page.locator(selector).evaluate((g) => {
    const shape = g.querySelector('line, circle')!;
    const box = (shape as SVGGraphicsElement).getBoundingClientRect();
    const line = shape.tagName === 'line';
    const x1 = Number(shape.getAttribute('x1'));
    const y1 = Number(shape.getAttribute('y1'));
    const x2 = Number(shape.getAttribute('x2'));
    const y2 = Number(shape.getAttribute('y2'));
    const svg = (g as SVGGElement).ownerSVGElement!;
    const m = svg.getScreenCTM()!;
    for (let k = 1; k < 40; k++) {
      const f = k / 40;
      const x = line ? m.a * (x1 + (x2 - x1) * f) + m.e : box.left + box.width / 2;
      const y = line ? m.d * (y1 + (y2 - y1) * f) + m.f : box.top + box.height / 2;
      if (document.elementFromPoint(x, y)?.closest('g') === g) return { x, y };
    }
    return null;
  });
  if (!at) throw new Error(`${selector} is covered everywhere`);
  await page.mouse.click(at.x, at.y);
}

/** Pixels of a decision map near the two class colours (orange class 0, blue class 1). */
const CLASS = ['#f8b46a', '#4f9fd1'];

test('an MLP link trains the network in the worker exactly as the command line does, and draws surface, paths, maps and the network', async () => {
  const { page, problems } = await openMlp(MLP);
  // The same link through the command line (the same engine in Node): identical losses, bit for bit.
  const cli = JSON.parse(runCli([`#${MLP}`, '--format', 'json']).stdout) as { runs: { optimizer: string; steps: { loss: number }[] }[] };
  const browserLoss = await page.evaluate(() => {
    const d = (window as unknown as { __downhill: MlpHandle }).__downhill;
    const ids = d.store.getState().experiment.runs.map((r: { optimizer: string }) => r.optimizer);
    return Object.fromEntries([...d.live.paths].map((p, i) => [ids[i], Array.from(p!.loss.subarray(0, p!.length))]));
  });
  for (const run of cli.runs) expect(browserLoss[run.optimizer]).toEqual(run.steps.map((s) => s.loss));
  expect(cli.runs.map((r) => r.optimizer)).toEqual(['gd', 'momentum', 'nesterov']);

  // 3D surface and contour: not blank, every optimizer's colour drawn.
  const colors = [COLOR.gd, COLOR.momentum, COLOR.nesterov];
  await poll(() => canvasStats(page, '.surface3d canvas').then((s) => s.distinct)).toBeGreaterThan(20);
  await poll(async () => Math.min(...(await canvasStats(page, '.surface3d canvas', colors)).near)).toBeGreaterThan(20);
  expect((await canvasStats(page, '.contour canvas:nth-child(1)')).distinct).toBeGreaterThan(10);
  for (const n of (await canvasStats(page, '.contour canvas:nth-child(2)', colors)).near) expect(n).toBeGreaterThan(20);

  // The page says which slice it is: PCA axes and the explained variance.
  await expect.poll(() => page.locator('.slice-caption').textContent()).toMatch(/principal directions pc1, pc2 of run 1 \(GD\)'s path.*explain \d+\.\d % and \d+\.\d %/);
  expect(await page.locator('.surface3d .axis-label').first().textContent()).toMatch(/^pc1: /);

  // One decision map per optimizer, each with both class colours over a real area. Maps, captions and the
  // diagram are drawn on the animation frame after the view arrives: wait for the captions first.
  await expect(page.locator('.decision-map').count()).resolves.toBe(3);
  for (let k = 0; k < 3; k++) await poll(() => page.locator(`.decision-map[data-index="${k}"] .step`).textContent()).toBe('step 300');
  await poll(() => page.locator('.network-step').textContent()).toBe('step 300');
  for (let k = 0; k < 3; k++) {
    const s = await canvasStats(page, `.decision-map[data-index="${k}"] canvas`, CLASS);
    expect(Math.min(...s.near)).toBeGreaterThan(500);
  }

  // The network: 2·8 + 8·8 + 8·1 = 88 edges whose widths show the weights (not all alike).
  const widths = await page.locator('.network-svg .edge line:first-of-type').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke-width')));
  expect(widths).toHaveLength(88);
  expect(new Set(widths).size).toBeGreaterThan(20);

  // The off-plane gauge reads a number for each optimizer at the last step.
  await expect(page.locator('.offplane-row').count()).resolves.toBe(3);
  // The gauge is drawn on the animation frame after the paths arrive.
  await poll(() => page.locator('.offplane-row .value').allTextContents()).toEqual(Array(3).fill(expect.stringMatching(/off the plane at step 300$/)));
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the surface progress bar counts the rows of a new slice and completes', async () => {
  const { page, problems } = await openMlp(MLP.replace('grid=64', 'grid=128'));
  await page.evaluate(() => {
    const d = (window as unknown as { __downhill: MlpHandle }).__downhill;
    const seen: { stage: string; done: number; total: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    const behind: string[] = [];
    (window as unknown as { behind: typeof behind }).behind = behind;
    d.store.subscribe((s, prev) => {
      if (!s.progress || s.progress === prev.progress) return;
      seen.push({ stage: s.progress.stage, done: s.progress.done, total: s.progress.total });
      // The bar is written with the report, in the same task (not at a later React commit).
      const bar = document.querySelector<HTMLProgressElement>('.surface-progress progress');
      const text = document.querySelector('.surface-progress .text')?.textContent ?? '';
      const says = s.progress.done >= s.progress.total && s.progress.stage === 'surface' ? /surface ready/ : new RegExp(`(step|:) ${s.progress.done} of ${s.progress.total}`);
      if (!bar || bar.value !== s.progress.done || bar.max !== s.progress.total || !says.test(text)) behind.push(`${s.progress.stage} ${s.progress.done}/${s.progress.total}: bar ${bar?.value}/${bar?.max} '${text}'`);
    });
  });
  await page.getByLabel('Random directions').check();
  await poll(() => hashParams(page).then((h) => h.slice)).toBe('random');
  await settled(page);
  const seen = await page.evaluate(() => (window as unknown as { seen: { stage: string; done: number; total: number }[] }).seen);
  // The bar starts incomplete (0 rows); an end-centred random plane first needs the first optimizer's
  // path, so it may count training steps, then surface rows band by band, never backwards, to all 128.
  // The store takes at most one report per frame, so quick stages can pass unseen.
  expect(seen[0], JSON.stringify(seen)).toEqual({ stage: 'surface', done: 0, total: 128 });
  const lastTraining = seen.map((p) => p.stage).lastIndexOf('training');
  const rows = seen.slice(lastTraining + 1);
  expect(rows.every((p) => p.stage === 'surface' && p.total === 128), JSON.stringify(seen)).toBe(true);
  expect(rows.at(-1)).toEqual({ stage: 'surface', done: 128, total: 128 });
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.done, JSON.stringify(seen)).toBeGreaterThanOrEqual(rows[i - 1]!.done);
  expect(seen.filter((p) => p.done < p.total).length, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { behind: string[] }).behind)).toEqual([]);
  await expect(page.locator('.surface-progress').getAttribute('data-done')).resolves.toBe('true');
  expect(await page.locator('.surface-progress .text').textContent()).toBe('surface ready (128×128)');
  expect(await page.locator('.slice-caption').textContent()).toMatch(/random filter-normalized directions d1, d2/);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('clicking a weight in the network diagram slices along it; training only that pair keeps the paths on the plane', async () => {
  const { page, problems } = await openMlp(MLP);
  // θ[3] of 2-8-8-1 is W1[1][1] (W1 is 8 × 2, row-major); θ[20] is b1[4].
  await clickParam(page, '.network-svg .edge[data-index="3"]');
  await poll(() => hashParams(page).then((h) => `${h.slice} ${h.pair}`)).toBe('params 3,1');
  await clickParam(page, '.network-svg .unit[data-index="20"]');
  await poll(() => hashParams(page).then((h) => h.pair)).toBe('3,20');
  await settled(page);
  await poll(() => page.locator('.surface3d .axis-label').allTextContents()).toEqual([expect.stringMatching(/^W1\[1\]\[1\]: /), expect.stringMatching(/^b1\[4\]: /), expect.stringMatching(/^loss:\n/)]);
  expect(await page.locator('.slice-caption').textContent()).toMatch(/a = W1\[1\]\[1\], b = b1\[4\].*projections/);
  // All parameters trained: the paths leave the plane.
  const off = () => page.evaluate(() => [...(window as unknown as { __downhill: MlpHandle }).__downhill.live.paths].map((p) => p!.offPlane![p!.length - 1]!));
  expect(Math.min(...(await off()))).toBeGreaterThan(0.01);
  await page.getByLabel(/Train only these two/).check();
  await poll(() => hashParams(page).then((h) => h.train)).toBe('pair');
  await settled(page);
  expect(await off()).toEqual([0, 0, 0]);
  await poll(() => page.locator('.offplane-row .value').allTextContents()).toEqual(Array(3).fill(expect.stringMatching(/^0 off the plane/)));
  expect(await page.locator('.slice-caption').textContent()).toMatch(/only these two are trained/);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the decision maps and the network follow the playback step', async () => {
  const { page, problems } = await openMlp(MLP);
  const digest = () => page.locator('.decision-map[data-index="0"] canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  // Maps and diagram are drawn on the animation frame after the view arrives: wait for their captions.
  const drawnAt = async (step: number) => {
    await poll(() => page.locator('.decision-map[data-index="0"] .step').textContent()).toBe(`step ${step}`);
    await poll(() => page.locator('.network-step').textContent()).toBe(`step ${step}`);
  };
  await drawnAt(300);
  const atEnd = await digest();
  const edgesAtEnd = await page.locator('.network-svg .edge line:first-of-type').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke-width')).join());
  await page.evaluate(() => (window as unknown as { __downhill: MlpHandle }).__downhill.store.getState().setT(3));
  await settled(page);
  await drawnAt(3);
  expect(await digest()).not.toBe(atEnd);
  expect(await page.locator('.network-svg .edge line:first-of-type').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke-width')).join())).not.toBe(edgesAtEnd);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the Surface menu moves between the labs and back without losing either (the followed run included)', async () => {
  const { page, problems } = await openApp(browser(), '', { width: 1400, height: 1000 });
  await page.getByLabel('Surface', { exact: true }).selectOption('mlp');
  await settled(page);
  await poll(() => hashParams(page).then((h) => h.problem)).toBe('mlp');
  await expect(page.locator('.decision-map').count()).resolves.toBe(3);
  await expect(page.locator('.dataplot').count()).resolves.toBe(0);
  // A change in the MLP lab, then back to the sigmoid neuron and to the MLP again: both remembered.
  await page.getByLabel('Data set').selectOption('xor');
  await poll(() => hashParams(page).then((h) => h.dataset)).toBe('xor');
  // …and the theory panel following run 3: the lab keeps that too.
  await page.getByLabel('Run the theory follows').selectOption('2');
  await poll(() => hashParams(page).then((h) => h.theory)).toBe('3');
  await page.getByLabel('Surface', { exact: true }).selectOption('sigmoid');
  await poll(() => hashParams(page).then((h) => `${h.problem} ${h.start} ${h.theory}`)).toBe('sigmoid -2,-2 undefined');
  await expect(page.locator('.dataplot').count()).resolves.toBe(1);
  await page.getByLabel('Surface', { exact: true }).selectOption('mlp');
  await poll(() => hashParams(page).then((h) => `${h.problem} ${h.dataset} ${h.theory}`)).toBe('mlp xor 3');
  await settled(page);
  await expect(page.locator('.theory').getAttribute('data-run')).resolves.toBe('2');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a refused edit names the field and keeps the value; a sine link shows curves over x', async () => {
  // η = 0.2: an identity output on the sine data diverges at η = 1.
  const { page, problems } = await openMlp(MLP.replace('eta=1&', 'eta=0.2&'));
  const layers = page.getByLabel(/^Layers/);
  await layers.fill('2-99-1');
  await layers.press('Enter');
  await expect.poll(() => page.locator('.notices').textContent()).toMatch(/arch: hidden layer 1: .*kept the previous value/);
  expect(await layers.inputValue()).toBe('2-8-8-1');
  expect((await hashParams(page)).arch).toBe('2-8-8-1');
  // A valid edit applies, and the notice goes.
  await layers.fill('2-4-1');
  await layers.press('Enter');
  await poll(() => hashParams(page).then((h) => h.arch)).toBe('2-4-1');
  await settled(page);
  await expect(page.locator('.network-svg .edge').count()).resolves.toBe(12);
  await expect(page.locator('.notices').count()).resolves.toBe(0);
  // Sine: one input, so the output is drawn as one curve per optimizer over x.
  await page.getByLabel('Data set').selectOption('sine');
  await poll(() => hashParams(page).then((h) => `${h.dataset} ${h.arch}`)).toBe('sine 1-4-1');
  await settled(page);
  // The data set brought an identity output along (targets in [−1, 1]); momentum and Nesterov draw
  // nearly the same curve, so Nesterov's (drawn last) may cover momentum's.
  expect((await hashParams(page)).outact).toBe('identity');
  const s = await canvasStats(page, '.decision-map canvas', [COLOR.gd, COLOR.momentum, COLOR.nesterov]);
  expect(s.near[0]).toBeGreaterThan(50);
  expect(s.near[1]! + s.near[2]!).toBeGreaterThan(50);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('points are added, dragged and removed on the decision map; the link carries the edits and trains on them', async () => {
  const { page, problems } = await openMlp(MLP.replace('size=100', 'size=20'));
  const count = () => page.evaluate(() => (window as unknown as { __downhill: MlpHandle }).__downhill.live.data!.x.length / 2);
  expect(await count()).toBe(20);
  const map = page.locator('.decision-map[data-index="0"] .decision-canvas');
  const box = (await map.boundingBox())!;
  // Where a data value (x₁, x₂) is drawn: read the plot frame the same way the page does.
  const toPx = (x1: number, x2: number) =>
    page.evaluate(
      ({ x1, x2, m }) => {
        const d = (window as unknown as { __downhill: MlpHandle & { live: { view: { window: number[] } } } }).__downhill;
        const w = d.live.view.window;
        const el = document.querySelector('.decision-map[data-index="0"] .decision-canvas')!.getBoundingClientRect();
        const fw = el.width - m.left - m.right;
        const fh = el.height - m.top - m.bottom;
        return { x: el.left + m.left + ((x1 - w[0]!) / (w[1]! - w[0]!)) * fw, y: el.top + m.top + (1 - (x2 - w[2]!) / (w[3]! - w[2]!)) * fh };
      },
      { x1, x2, m: SMALL_MARGIN },
    );
  expect(box.width).toBeGreaterThan(80);
  // 1. A press (the default mode adds class 1) near the top-left corner of the window adds a point.
  const empty = await toPx(-1.15, 1.15);
  await page.mouse.click(empty.x, empty.y);
  await poll(() => hashParams(page).then((h) => h.add ?? '')).toMatch(/^-1\.1\d*:1\.1\d*:1$/);
  await settled(page);
  expect(await count()).toBe(21);
  // 2. In the 'moves a point' mode, drag generated point 0 elsewhere: it is dropped and added again where it was let go.
  await page.getByRole('radio', { name: 'moves a point' }).check();
  const p0 = await page.evaluate(() => Array.from((window as unknown as { __downhill: MlpHandle }).__downhill.live.data!.x.subarray(0, 2)));
  const from = await toPx(p0[0]!, p0[1]!);
  const to = await toPx(1.1, -1.1);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await poll(() => hashParams(page).then((h) => `${h.drop} ${h.add?.split(',').length}`)).toBe('0 2');
  await settled(page);
  expect(await count()).toBe(21);
  const moved = await page.evaluate(() => Array.from((window as unknown as { __downhill: MlpHandle }).__downhill.live.data!.x.subarray(40, 42)));
  expect(moved[0]).toBeCloseTo(1.1, 1);
  expect(moved[1]).toBeCloseTo(-1.1, 1);
  // 2b. Drag that (now added) point once more: its entry in add moves, nothing else changes.
  const again = await toPx(moved[0]!, moved[1]!);
  const there = await toPx(0.9, -0.5);
  await page.mouse.move(again.x, again.y);
  await page.mouse.down();
  await page.mouse.move(there.x, there.y, { steps: 5 });
  await page.mouse.up();
  await poll(() => hashParams(page).then((h) => `${h.drop} ${h.add?.split(',').length} ${h.add?.split(',')[1]?.slice(0, 3)}`)).toBe('0 2 0.9');
  await settled(page);
  // 3. Double-click the point added first: it goes.
  const added = await toPx(-1.15, 1.15);
  await page.mouse.dblclick(added.x, added.y);
  await poll(() => hashParams(page).then((h) => h.add?.split(',').length)).toBe(1);
  await settled(page);
  expect(await count()).toBe(20);
  // The link trains exactly what the page shows: the command line gets the same losses from it.
  const link = await page.evaluate(() => location.hash);
  const cli = JSON.parse(runCli([link, '--format', 'json']).stdout) as { data: { x: number[][] }; runs: { optimizer: string; steps: { loss: number }[] }[] };
  expect(cli.data.x).toHaveLength(20);
  const gd = await page.evaluate(() => {
    const p = (window as unknown as { __downhill: MlpHandle }).__downhill.live.paths[0]!;
    return Array.from(p.loss.subarray(0, p.length));
  });
  expect(gd).toEqual(cli.runs.find((r) => r.optimizer === 'gd')!.steps.map((s) => s.loss));
  // 4. Restore the generated points.
  await page.getByRole('button', { name: 'Restore the generated points' }).click();
  await poll(() => hashParams(page).then((h) => `${h.drop ?? ''}|${h.add ?? ''}`)).toBe('|');
  await settled(page);
  expect(await count()).toBe(20);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the decision map works from the keyboard: a cursor, Enter adds or picks up and puts down, Delete removes', async () => {
  const { page, problems } = await openMlp(MLP.replace('size=100', 'size=20'));
  const map = page.locator('.decision-map[data-index="0"] .decision-canvas');
  await map.focus();
  // The cursor starts at the centre (0, 0); five steps right and up at 5 % of the 2.4-wide window.
  for (let i = 0; i < 5; i++) await map.press('ArrowRight');
  for (let i = 0; i < 5; i++) await map.press('ArrowUp');
  await map.press('Enter');
  await poll(() => hashParams(page).then((h) => h.add)).toMatch(/^0\.6\d*:0\.6\d*:1$/);
  await settled(page);
  // Enter on that point picks it up, arrows carry it, Enter puts it down.
  await map.press('Enter');
  for (let i = 0; i < 4; i++) await map.press('ArrowDown');
  await map.press('Enter');
  await poll(() => hashParams(page).then((h) => h.add)).toMatch(/^0\.6\d*:0\.1\d*:1$/);
  await settled(page);
  // Delete removes the point under the cursor.
  await map.press('Delete');
  await poll(() => hashParams(page).then((h) => h.add ?? '')).toBe('');
  expect(problems.errors).toEqual([]);
  await page.close();
});
