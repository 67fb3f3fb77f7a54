import { mkdirSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { canvasStats, useBrowser } from './browser';
import { appState, canvasDigest, COLOR, dragPath, hashParams, LINK, openApp, poll, setHash, settled, surfaceDrawn } from './app';

const browser = useBrowser();
beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
});

test('the overlay layout at 1280×800 fits the width and shows one surface and one contour plot', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
  await expect(page.getByRole('img', { name: /surface/i }).count()).resolves.toBe(1);
  await expect(page.getByRole('application', { name: /contour/i }).count()).resolves.toBe(1);
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  // Sliders, the surface and the contour plot are all on the first screen.
  for (const el of [page.getByRole('slider', { name: /learning rate/i }), page.getByRole('img', { name: /surface/i }), page.getByRole('application', { name: /contour/i })]) {
    const box = (await el.boundingBox())!;
    expect(box.y).toBeLessThan(800);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  }
  await page.screenshot({ path: 'test-results/overlay-1280x800.png' });
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the side-by-side layout shows one panel per optimizer, each with a drawn 3D surface and contour plot', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await poll(() => page.locator('.panels.split > figure.panel').count()).toBe(3);
  await poll(() => hashParams(page).then((h) => h.layout)).toBe('split');
  expect((await appState(page)).layout).toBe('split');
  await expect(page.getByRole('img', { name: /surface/i }).count()).resolves.toBe(3);
  await expect(page.getByRole('application', { name: /contour/i }).count()).resolves.toBe(3);
  const ids = ['gd', 'momentum', 'nesterov'] as const;
  for (const [i, id] of ids.entries()) {
    const panel = `.panels.split > figure.panel:nth-child(${i + 1})`;
    expect(await page.locator(panel).getAttribute('data-optimizer')).toBe(id);
    await poll(() => surfaceDrawn(page, `${panel} .surface3d canvas`)).toBe(true);
    // Each panel draws its own optimizer's path and no other.
    const others = ids.filter((o) => o !== id).map((o) => COLOR[o]);
    await poll(() => canvasStats(page, `${panel} .contour canvas:nth-child(2)`, [COLOR[id], ...others]).then((s) => s.near[0])).toBeGreaterThan(30);
    const front = await canvasStats(page, `${panel} .contour canvas:nth-child(2)`, [COLOR[id], ...others]);
    expect(front.near.slice(1)).toEqual([0, 0]);
    expect((await canvasStats(page, `${panel} .contour canvas:nth-child(1)`)).distinct).toBeGreaterThan(10);
  }
  const boxes = await page.locator('.panels.split > figure.panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
  expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x);
  expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBe(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
  await page.screenshot({ path: 'test-results/split-1280x800.png' });

  // Orbiting one panel turns every panel's camera (same camera everywhere), without errors.
  const canvases = ids.map((_, i) => `.panels.split > figure.panel:nth-child(${i + 1}) .surface3d canvas.offscreen-3d`);
  const before = await Promise.all(canvases.map((c) => canvasDigest(page, c)));
  const c = (await page.locator(canvases[1]!).boundingBox())!;
  await page.mouse.move(c.x + 10, c.y + 10);
  await page.mouse.down();
  await dragPath(page, { x: c.x + 10, y: c.y + 10 }, { x: c.x + 60, y: c.y + 10 }, 3);
  await page.mouse.up();
  for (const [i, sel] of canvases.entries()) await poll(() => canvasDigest(page, sel)).not.toBe(before[i]);
  const camera = (await appState(page)).camera;
  expect(camera).not.toEqual([40, 25, 4.2]);
  await poll(() => hashParams(page).then((h) => h.cam)).toBe(camera.join(','));
  expect(problems.errors).toEqual([]);

  await page.getByRole('checkbox', { name: 'Momentum' }).uncheck();
  await poll(() => page.locator('.panels.split > figure.panel').count()).toBe(2);
  expect(await page.locator('.panels.split > figure.panel').evaluateAll((els) => els.map((e) => e.getAttribute('data-optimizer')))).toEqual(['gd', 'nesterov']);
  // Hidden, not removed: the run stays in the link (off=2) and is still computed.
  await poll(() => hashParams(page).then((h) => h.off)).toBe('2');
  expect((await hashParams(page)).opt).toBe('gd,momentum,nesterov');
  expect((await hashParams(page)).layout).toBe('split');
  await settled(page);
  for (const i of [1, 2]) {
    await poll(() => surfaceDrawn(page, `.panels.split > figure.panel:nth-child(${i}) .surface3d canvas`)).toBe(true);
  }

  await page.getByRole('radio', { name: 'Overlay' }).check();
  await poll(() => hashParams(page).then((h) => h.layout)).toBe('overlay');
  await poll(() => page.getByRole('img', { name: /surface/i }).count()).toBe(1);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('at phone width the page does not scroll sideways and the controls and views are usable', async () => {
  const { page, problems } = await openApp(browser(), LINK, { width: 390, height: 800 });
  expect(await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: innerWidth }))).toSatisfy(({ sw, w }: { sw: number; w: number }) => sw <= w + 1);
  for (const el of [
    page.getByRole('slider', { name: /learning rate/i }),
    page.getByRole('slider', { name: /momentum/i }),
    page.getByRole('application', { name: /contour/i }),
    page.getByRole('img', { name: /surface/i }),
    page.getByRole('button', { name: 'Copy link' }),
  ]) {
    // scrollIntoViewIfNeeded + isVisible: laid out, not hidden, reachable by scrolling down only.
    await el.scrollIntoViewIfNeeded();
    expect(await el.isVisible()).toBe(true);
    const box = (await el.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(391);
    expect(box.width).toBeGreaterThan(50);
  }
  for (const el of [page.getByRole('slider', { name: /learning rate/i }), page.getByRole('application', { name: /contour/i }), page.getByRole('img', { name: /surface/i })]) {
    expect((await el.boundingBox())!.width).toBeGreaterThan(300);
  }
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect((await canvasStats(page, '.contour canvas:nth-child(1)')).distinct).toBeGreaterThan(10);
  const slider = page.getByRole('slider', { name: /learning rate/i });
  await slider.focus();
  await slider.press('ArrowLeft');
  await poll(() => hashParams(page).then((h) => h.eta)).toBe('0.95');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/phone-390x800.png', fullPage: true });
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the views stay where they are while statuses change: the header keeps its height from a run to the next', async () => {
  // η values whose statuses differ in length (converged early, "not converged after …", a window note, diverged).
  const { page, problems } = await openApp(browser(), 'problem=mlp&steps=200&grid=32', { width: 1280, height: 800 });
  const top = () => page.locator('main').boundingBox().then((b) => b!.y);
  const first = await top();
  const seen = new Set<number>([first]);
  for (const eta of ['0.05', '3', '19', '0.5']) {
    const field = page.getByRole('textbox', { name: /learning rate/i });
    await field.fill(eta);
    await field.press('Enter');
    // While the run streams (statuses "running…", then each run's own words) and once it has settled.
    seen.add(await top());
    await settled(page);
    seen.add(await top());
  }
  expect([...seen]).toEqual([first]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the η slider keeps its height as its marks come and go with the start (none, 1/λ and 2/λ, 2/λ alone), at phone and desktop width', async () => {
  // The Taylor scene's link: GD at step 40, so the theory's point (and the marks) follow the start.
  const taylor = (start: string) => `problem=sigmoid&start=${start}&eta=1&steps=1000&runs=gd&show=step,taylor&t=40`;
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const { page, problems } = await openApp(browser(), taylor('-2,-2'), viewport);
    const eta = page.locator('.controls .slider').first();
    const seen: { marks: string; height: number; contour: number }[] = [];
    for (const s of ['-2,-2', '2,1', '-1,3']) {
      await setHash(page, taylor(s));
      seen.push(
        await eta.evaluate((el) => ({
          marks: [...el.querySelectorAll('.slider-mark')].map((m) => m.className).join(' '),
          height: el.getBoundingClientRect().height,
          contour: document.querySelector('.contour')!.getBoundingClientRect().top + window.scrollY,
        })),
      );
    }
    // Three different sets of marks (else this would not test anything), one height, the plot in one place.
    expect(new Set(seen.map((s) => s.marks)).size, JSON.stringify(seen)).toBe(3);
    expect(new Set(seen.map((s) => s.height)).size, JSON.stringify(seen)).toBe(1);
    expect(new Set(seen.map((s) => s.contour)).size, JSON.stringify(seen)).toBe(1);
    expect(problems.errors).toEqual([]);
    await page.close();
  }
});

test('at 1920×1080 the legend spreads its runs over the header: a long status ("left the window at step k") shows whole', async () => {
  const { page, problems } = await openApp(browser(), 'problem=mlp', { width: 1920, height: 1080 });
  await poll(() => page.locator('.legend li', { hasText: /left the window at step \d+/ }).count()).toBeGreaterThan(0);
  const widths = await page.evaluate(() => {
    const legend = document.querySelector('.legend')!.getBoundingClientRect().width;
    return { legend, items: [...document.querySelectorAll('.legend > li')].map((li) => li.getBoundingClientRect().width) };
  });
  expect(widths.items).toHaveLength(3);
  // Three runs share the legend's width (auto-fit), not three 250 px tracks beside empty ones.
  for (const w of widths.items) expect(w).toBeGreaterThan(widths.legend / 4);
  const cut = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.legend .window-note, .legend .status')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a value refused while the page is in use shows in a toast on screen, wherever the page is scrolled, and moves nothing', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { page, problems } = await openApp(browser(), LINK, viewport);
    // The guess fields are at the bottom of the page: filling one scrolls there, far below the header.
    const w = page.getByLabel('Guess w', { exact: true });
    await w.fill('1e400');
    await page.getByLabel('Guess b', { exact: true }).fill('0');
    const boxes = () => page.evaluate(() => [...document.querySelectorAll('.panel')].map((p) => { const r = p.getBoundingClientRect(); return [p.querySelector('figcaption')?.textContent?.slice(0, 30) ?? p.className, Math.round(r.left), Math.round(r.top + window.scrollY), Math.round(r.height)]; }));
    // The runs have finished: a status that changes as they end is not what this checks.
    await settled(page);
    // Nor the equations panel's typesetting, which starts once it is on screen and grew it by 98 px under
    // the boxes measured (CI): typeset it, with KaTeX's fonts, then go back to the guess fields.
    await page.locator('.equations').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('.equations .katex') !== null);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await w.focus();
    const before = await boxes();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const notice = page.locator('.notices-live li[data-key="guesses"]');
    await poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('not finite');
    // On screen, whole: inside the viewport as it is scrolled now.
    const r = (await page.locator('.notices-live').boundingBox())!;
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r.y + r.height).toBeLessThanOrEqual(viewport.height);
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width).toBeLessThanOrEqual(viewport.width);
    // And over none of the fields the user works with (it shows at the top when they are at the bottom).
    for (const el of [w, page.getByLabel('Guess b', { exact: true }), page.getByRole('button', { name: 'Add', exact: true })]) {
      const f = (await el.boundingBox())!;
      expect(f.y + f.height <= r.y || f.y >= r.y + r.height, JSON.stringify({ f, r })).toBe(true);
    }
    // Nothing moved (a notice in the flow pushed every panel down by its height).
    expect(await boxes()).toEqual(before);
    await page.locator('.notices-live').getByRole('button', { name: 'Dismiss' }).click();
    await poll(() => page.locator('.notices-live').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await page.close();
  }
});

test('with five runs at 1280×800 a legend status breaks between its parts, never inside "final L = …"', async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd(eta:0.5),gd,gd(eta:4),momentum(gamma:0.5),rprop(step:0.05;max:1)', { width: 1280, height: 800 });
  await settled(page);
  await poll(() => page.locator('.legend .status').count()).toBe(5);
  const split = await page.evaluate(() => [...document.querySelectorAll('.legend .status .nobr')].filter((e) => e.getClientRects().length > 1).map((e) => e.textContent));
  expect(split).toEqual([]);
  // The first run's status is two lines here: the break falls at the separator.
  expect(await page.locator('.legend .status').first().innerText()).toBe(`${await page.locator('.legend .status').first().locator('.nobr').first().innerText()} · ${await page.locator('.legend .status').first().locator('.nobr').nth(1).innerText()}`);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('on a phone (390×844) the surface is on the first screen, and the controls follow the surface and contours', async () => {
  for (const hash of [LINK, 'problem=mlp&steps=100&grid=32']) {
    const { page, problems } = await openApp(browser(), hash, { width: 390, height: 844 });
    const top = (sel: string) => page.locator(sel).first().boundingBox().then((b) => b!.y);
    // Under the header and legend; with the controls first it was at y ≈ 1195.
    expect(await top('.surface3d')).toBeLessThan(844 - 200);
    expect(await top('.contour')).toBeLessThan(await top('aside'));
    // The rest of the views come after the controls.
    expect(await top('aside')).toBeLessThan(await top('.losschart'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
    expect(problems.errors).toEqual([]);
    await page.close();
  }
});
