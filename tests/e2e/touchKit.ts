import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { appState, contourPoint, openApp } from './app';

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

/** Scrolls `selector` to the middle of the screen and waits until the page stands still there. */
export async function centre(page: Page, selector: string): Promise<void> {
  await page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
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
