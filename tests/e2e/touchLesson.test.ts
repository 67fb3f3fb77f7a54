import type { CDPSession, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { SCENES } from '../../src/url/scenes';
import { useBrowser } from './browser';
import { appState, canvasDigest, hashParams, poll, settled, setHash, start, surfacePoint } from './app';
import { centre, frames, gesture, onContour, openPhone, scrolled, swipeUp, tap, touch, usePhone, watchRest, type Pt } from './touchKit';

/**
 * A whole lesson on a phone (390×844, touch events through CDP), as one sequence on one page: open a lecture
 * scene; a swipe over the contours scrolls and leaves the start; a finger that rests there moves the start and
 * drags it while the plot stays where it is under the finger; Play, Pause and the step buttons by taps; η typed
 * into its number field; another scene from the Lectures menu; two fingers turn the 3D view. Each effect is read
 * from the store (window.__downhill) and the link. touch.test.ts covers each gesture on its own.
 */
const browser = useBrowser();
const phone = usePhone(browser);

const CANVAS = '.surface3d canvas.offscreen-3d';
/** The Taylor scene: GD at step 40, so the theory's point (and with it the η slider's 1/λ and 2/λ marks) follows the start. */
const TAYLOR = SCENES.find((s) => s.id === 'taylor')!;
const SADDLE = SCENES.find((s) => s.id === 'saddle')!;

const near = (page: Page, w: number, b: number) => start(page).then(([sw, sb]) => Math.hypot(sw - w, sb - b));

/** Where the contour plot is on the screen, how far the page is scrolled, and which η marks show. */
const where = (page: Page) =>
  page.evaluate(() => ({
    top: document.querySelector('.contour')!.getBoundingClientRect().top,
    y: window.scrollY,
    marks: [...(document.querySelector('.controls .slider')?.querySelectorAll('.slider-mark') ?? [])].map((m) => m.className).join(' '),
  }));
type Where = Awaited<ReturnType<typeof where>>;

/**
 * A finger rests on (w0, b0) of the contour plot until the start is there, drags it towards (w1, b1) in `n` moves
 * (to the screen point where (w1, b1) was when the drag began) and lifts. After the press and after each move the test waits for the run from the new start and a painted frame,
 * then records where the plot is: the plot must stay put under the finger (the app lays the page out again
 * as the start's run changes the theory and the η marks).
 */
async function drag(page: Page, cdp: CDPSession, [w0, b0]: [number, number], [w1, b1]: [number, number], n: number): Promise<{ before: Where; seen: Where[] }> {
  await centre(page, '.contour');
  const before = await where(page);
  const p = await onContour(page, w0, b0);
  const q = await onContour(page, w1, b1);
  const seen: Where[] = [];
  const record = async () => {
    await settled(page);
    await frames(page);
    seen.push(await where(page));
  };
  await touch(cdp, 'touchStart', [p]);
  // The press fires after the finger rested 300 ms: wait for its effect, not for a time.
  await poll(() => near(page, w0, b0)).toBeLessThan(0.1);
  await record();
  for (let k = 1; k <= n; k++) {
    const at: Pt = { x: p.x + ((q.x - p.x) * k) / n, y: p.y + ((q.y - p.y) * k) / n };
    const was = await start(page);
    await touch(cdp, 'touchMove', [at]);
    await poll(() => start(page)).not.toEqual(was);
    await record();
  }
  await touch(cdp, 'touchEnd', []);
  return { before, seen };
}

/** The drag's record held against the plot's place before it: within 1 px at every step, the page not scrolled. */
function expectStill({ before, seen }: { before: Where; seen: Where[] }, what: string): void {
  // The drag must have changed what the η slider shows (else it would not test the layout's steadiness).
  expect(new Set([before.marks, ...seen.map((s) => s.marks)]).size, `${what}: the η marks never changed`).toBeGreaterThan(1);
  seen.forEach((s, k) => {
    const step = k === 0 ? 'the press' : `move ${k}`;
    expect(Math.abs(s.top - before.top), `${what}: the contour plot moved ${(s.top - before.top).toFixed(1)} px under the finger at ${step} (marks: ${s.marks || 'none'})`).toBeLessThan(1);
    expect(s.y, `${what}: the page scrolled at ${step}`).toBe(before.y);
  });
}

test('a lesson on a phone: swipe past the plot, rest and drag the start, play and step by taps, type η, pick a scene, turn the 3D view with two fingers', async () => {
  const { page, problems, cdp } = await openPhone(phone(), `scene=${TAYLOR.id}`);
  expect((await hashParams(page)).scene).toBe(TAYLOR.id);
  expect(await start(page)).toEqual([-2, -2]);
  await poll(() => page.locator('.scene-caption').innerText()).toContain(TAYLOR.title);
  const rest = await watchRest(page);

  // 1. A vertical swipe that starts on the contours scrolls the page; the start stays, in the store and the link.
  await swipeUp(page, cdp, '.contour', () => onContour(page, 2, 2), rest, () => setHash(page, `scene=${TAYLOR.id}`));
  expect(await rest()).toBeLessThan(250);
  expect(await start(page)).toEqual([-2, -2]);
  expect((await hashParams(page)).start).toBe('-2,-2');

  // 2. A finger that rests on the contours moves the start there and drags it; the link follows. As the start
  // moves, GD's point at step 40 moves and the η slider's marks come and go (none, 1/λ and 2/λ, 2/λ alone):
  // the plot must stay put under the finger and the page must not scroll.
  expectStill(await drag(page, cdp, [2, 1], [-1, 3], 12), 'as the page is');
  // The start ends under the finger (a plot that moved meanwhile would put it elsewhere).
  await poll(() => near(page, -1, 3)).toBeLessThan(0.1);
  const moved = await start(page);
  await poll(async () => (await hashParams(page)).start).toBe(moved.join(','));
  // Chromium's scroll anchoring hides a change of height above the plot by scrolling the page (the step above
  // sees that scroll); Safari before 27 has no scroll anchoring and shows the plot jumping under the finger.
  // The same drag with anchoring off sees the layout itself.
  // (Set through the CSSOM: the page's Content Security Policy refuses inline style sheets.)
  await page.evaluate(() => [document.documentElement, document.body].forEach((el) => (el.style.overflowAnchor = 'none')));
  expectStill(await drag(page, cdp, [-2, -2], [2, 1], 12), 'without scroll anchoring');
  await poll(() => near(page, 2, 1)).toBeLessThan(0.1);
  await poll(async () => (await hashParams(page)).start).toBe((await start(page)).join(','));

  // 3. Play, Pause and the step buttons, by taps.
  const t0 = (await appState(page)).t;
  await tap(page, cdp, page.getByRole('button', { name: 'Play' }));
  await poll(() => appState(page).then((s) => s.playing)).toBe(true);
  await poll(() => appState(page).then((s) => s.t)).toBeGreaterThan(t0);
  await tap(page, cdp, page.getByRole('button', { name: 'Pause' }));
  await poll(() => appState(page).then((s) => s.playing)).toBe(false);
  const t1 = (await appState(page)).t;
  await tap(page, cdp, page.getByRole('button', { name: 'Step forward' }));
  await poll(() => appState(page).then((s) => s.t)).toBe(t1 + 1);
  await tap(page, cdp, page.getByRole('button', { name: 'Step back' }));
  await tap(page, cdp, page.getByRole('button', { name: 'Step back' }));
  await poll(() => appState(page).then((s) => s.t)).toBe(t1 - 1);
  await poll(async () => (await hashParams(page)).t).toBe(String(t1 - 1));

  // 4. η typed into its number field: a tap focuses it, the phone's keyboard replaces the text, Go applies it.
  const etaField = page.getByLabel('Learning rate η (number)', { exact: true });
  await tap(page, cdp, etaField);
  await poll(() => etaField.evaluate((el) => el === document.activeElement)).toBe(true);
  await etaField.evaluate((el: HTMLInputElement) => el.select());
  await cdp.send('Input.insertText', { text: '0.5' });
  await page.keyboard.press('Enter');
  await poll(() => appState(page).then((s) => s.experiment.eta)).toBe(0.5);
  await poll(async () => (await hashParams(page)).eta).toBe('0.5');
  await settled(page);

  // 5. Another scene from the Lectures menu: a tap opens the menu (it takes the focus); the phone's picker
  // chooses an option, which sets the <select>'s value and fires change (as selectOption does). The scene
  // opens: its link, its caption, its start.
  const menu = page.getByLabel('Lecture scenes');
  await tap(page, cdp, menu);
  await poll(() => menu.evaluate((el) => el === document.activeElement)).toBe(true);
  await menu.selectOption(SADDLE.id);
  await poll(async () => (await hashParams(page)).scene).toBe(SADDLE.id);
  await settled(page);
  expect(await start(page)).toEqual([-4, 0.001]);
  expect((await appState(page)).experiment.eta).toBe(0.1);
  await poll(() => page.locator('.scene-caption').innerText()).toContain(SADDLE.title);

  // 6. Two fingers that move together sideways on the 3D view orbit it: the azimuth turns (store and link),
  // the picture changes, the start stays.
  await centre(page, '.surface3d');
  const camera = (await appState(page)).camera;
  const drawn = await canvasDigest(page, CANVAS);
  const c = await surfacePoint(page, '.surface3d', 0, 0);
  await gesture(cdp, [{ x: c.x - 40, y: c.y }, { x: c.x + 40, y: c.y }], [{ x: c.x - 140, y: c.y }, { x: c.x - 60, y: c.y }], 10);
  await poll(() => appState(page).then((s) => Math.abs(s.camera[0] - camera[0]!))).toBeGreaterThan(5);
  const turned = (await appState(page)).camera;
  await poll(async () => Number((await hashParams(page)).cam?.split(',')[0])).toBe(turned[0]);
  await poll(() => canvasDigest(page, CANVAS)).not.toBe(drawn);
  expect(await start(page)).toEqual([-4, 0.001]);

  expect((await appState(page)).notices).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
}, 180_000);
