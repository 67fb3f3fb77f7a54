import type { Browser, BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { appState, contourPoint, openApp, poll } from './app';

/** A phone (390×844, touch events, mobile viewport rules) for a test file: opened before its tests, closed after them. */
export function usePhone(browser: () => Browser): () => BrowserContext {
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    context = await browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
  });
  afterAll(async () => {
    await context?.close();
  });
  return () => context!;
}

/** Touch input for the phone tests: touches go through CDP (Input.dispatchTouchEvent), one id per finger. */
export type Pt = { x: number; y: number };

export const touch = (cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: Pt[]) =>
  cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id, radiusX: 5, radiusY: 5 })) });

/** Fingers from `from` to `to` (one point per finger) in n moves, then lifted. */
export async function gesture(cdp: CDPSession, from: Pt[], to: Pt[], n = 8, lift = true): Promise<void> {
  await touch(cdp, 'touchStart', from);
  for (let k = 1; k <= n; k++) await touch(cdp, 'touchMove', from.map((p, i) => ({ x: p.x + ((to[i]!.x - p.x) * k) / n, y: p.y + ((to[i]!.y - p.y) * k) / n })));
  if (lift) await touch(cdp, 'touchEnd', []);
}

export const scrolled = (page: Page) => page.evaluate(() => window.scrollY);

/**
 * Scrolls `target` (a selector's first match, or a locator) to the middle of the screen and waits until the page
 * stands still there. A swipe before may still be flinging the page: it is waited out first.
 */
export async function centre(page: Page, target: string | Locator): Promise<void> {
  await still(page);
  await (typeof target === 'string' ? page.locator(target).first() : target).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await still(page);
}

/** Resolves when the page's scroll position has stayed the same for 5 animation frames in a row. */
export const still = (page: Page) =>
  page.waitForFunction(
    () =>
      new Promise((r) => {
        let y = window.scrollY;
        let same = 0;
        const tick = () => {
          same = window.scrollY === y ? same + 1 : 0;
          y = window.scrollY;
          if (same >= 5) r(true);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );

/** Resolves after two animation frames of the page (whatever a change made, it has been laid out and painted). */
export const frames = (page: Page) => page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));

/** A tap (one finger down and up at once) in the middle of `target`, scrolled to the middle of the screen first. */
export async function tap(page: Page, cdp: CDPSession, target: Locator): Promise<void> {
  await centre(page, target);
  const b = (await target.boundingBox())!;
  await touch(cdp, 'touchStart', [{ x: b.x + b.width / 2, y: b.y + b.height / 2 }]);
  await touch(cdp, 'touchEnd', []);
}

/**
 * A vertical swipe 220 px up that starts on `selector` at `from()` (re-read at each try), which must scroll the page.
 * A swipe is a finger that moves within PRESS_DELAY (300 ms) of touching down; on a loaded machine the test's own
 * touch events can arrive later than that, which by the rule is a press: `reset` undoes such a try, and it is redone
 * (5 tries). `rest` is watchRest's reader; the caller asserts that the last try was a swipe (rest() < 250).
 */
export async function swipeUp(page: Page, cdp: CDPSession, selector: string, from: () => Promise<Pt>, rest: () => Promise<number>, reset: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await centre(page, selector);
    const y0 = await scrolled(page);
    const p = await from();
    await gesture(cdp, [p], [{ x: p.x, y: p.y - 220 }]);
    await poll(() => scrolled(page)).toBeGreaterThan(y0 + 50);
    if ((await rest()) < 250 || attempt === 4) return;
    await page.evaluate(() => window.scrollTo(0, 0));
    await reset();
  }
}

/** Viewport coordinates of a (w, b) point on the contour plot. */
export async function onContour(page: Page, w: number, b: number): Promise<Pt> {
  const box = (await page.locator('.contour').boundingBox())!;
  return contourPoint(box, (await appState(page)).experiment.range, w, b);
}

/** Opens the app in `context` (a phone) with a CDP session to touch it. */
export async function openPhone(context: BrowserContext, hash: string) {
  const app = await openApp(context, hash);
  return { ...app, cdp: await context.newCDPSession(app.page) };
}

/** Milliseconds from the last touch's pointerdown to its first pointermove, as the page saw them (event timestamps). */
export async function watchRest(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __rest: { down: number; move: number } };
    w.__rest = { down: NaN, move: NaN };
    addEventListener('pointerdown', (e) => ((w.__rest.down = e.timeStamp), (w.__rest.move = NaN)), { capture: true });
    addEventListener('pointermove', (e) => void (Number.isNaN(w.__rest.move) && (w.__rest.move = e.timeStamp)), { capture: true });
  });
  return () =>
    page.evaluate(() => {
      const r = (window as unknown as { __rest: { down: number; move: number } }).__rest;
      return r.move - r.down;
    });
}
