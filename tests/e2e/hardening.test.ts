import { expect, inject, test } from 'vitest';
import { instrument, soak, soakProblems } from '../soak/soak';
import { LINK, openApp, poll, settled, surfaceDrawn } from './app';
import { watch, type DownhillHandle, useBrowser } from './browser';

const browser = useBrowser();

test('the built page runs under its Content-Security-Policy with no violation and no request off its origin', async () => {
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  await page.goto(`${base}#${LINK}&layout=split`);
  await settled(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("worker-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|blob:|data: .*script/);
  await page.getByLabel('Overlay').check();
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the watcher would catch a violation: an injected inline script is blocked and reported', async () => {
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  await page.goto(`${base}#${LINK}`);
  await settled(page);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { inlineRan?: boolean };
    const el = document.createElement('script');
    el.textContent = 'window.inlineRan = true';
    document.body.append(el);
    return w.inlineRan === true;
  });
  expect(ran).toBe(false);
  await poll(() => problems.errors.some((e) => e.includes('CSP violation: script-src'))).toBe(true);
  await page.close();
});

test('losing the WebGL context shows a message, and the surface comes back when the context is restored', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  // The 3D view renders in its worker: its context is lost and restored there (WEBGL_lose_context on the worker's canvas).
  type Hooks = { __downhill: { worker3d: { contextFault(lose: boolean): void } } };
  await page.evaluate(() => (window as unknown as Hooks).__downhill.worker3d.contextFault(true));
  await poll(() => page.getByText(/graphics context was lost/i).count()).toBe(1);
  await page.evaluate(() => (window as unknown as Hooks).__downhill.worker3d.contextFault(false));
  await poll(() => page.getByText(/graphics context was lost/i).count()).toBe(0);
  // Any change redraws; the restored context must show the surface again.
  await page.getByRole('slider', { name: /learning rate/i }).focus();
  await page.keyboard.press('ArrowRight');
  await poll(() => surfaceDrawn(page, '.surface3d canvas')).toBe(true);
  expect(problems.errors.filter((e) => !/CONTEXT_LOST|context lost/i.test(e))).toEqual([]);
  await page.close();
});

test('a worker that runs out of memory is restarted with the current experiment and the page says so', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  await page.evaluate(() => (window as unknown as { __downhill: { bridge: { injectFault(k: string): void } } }).__downhill.bridge.injectFault('oom'));
  await poll(() => page.evaluate(() => (window as unknown as { __downhill: { bridge: { restarts: number } } }).__downhill.bridge.restarts)).toBe(1);
  await poll(() => page.locator('.notices').innerText()).toMatch(/engine stopped.*restarted/i);
  await settled(page);
  const kinds = await page.evaluate(() => {
    const d = (window as unknown as { __downhill: DownhillHandle }).__downhill;
    const s = d.store.getState();
    return s.experiment.runs.map((_, i) => s.runs[i]?.status.kind);
  });
  expect(kinds).toEqual(['converged', 'converged', 'converged']);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('eighty slider moves queued in one task (a slow machine catching up) never trip React\'s nested-update limit', async () => {
  // Each input event commits synchronously; a passive effect that set state on every experiment change
  // (the (η, γ) map's cursor reset) left low-priority work pending after each commit, and React 19 throws
  // "Maximum update depth exceeded" (#185) after 50 such commits in a row. Fails on that code.
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  await page.goto(`${base}#${LINK}`);
  await settled(page);
  const moved = await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('.controls input[type=range]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const lo = Number(input.min);
    const hi = Number(input.max);
    const store = (window as unknown as { __downhill: { store: { getState(): { experiment: { eta: number } } } } }).__downhill.store;
    const seen = new Set<number>();
    for (let i = 0; i < 80; i++) {
      setValue.call(input, String(Math.round(lo + (hi - lo) * (0.3 + 0.4 * (i % 2))) + (i % 7)));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      seen.add(store.getState().experiment.eta);
    }
    return seen.size;
  });
  expect(moved).toBeGreaterThan(1);
  await settled(page);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a short soak of 60 Hz drags and slider moves keeps geometry, workers, memory and URL writes steady', async () => {
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  await instrument(page);
  await page.goto(`${base}#${LINK}`);
  await settled(page);
  const figures = await soak(page, 10, 8);
  console.log(`soak (short): ${JSON.stringify(figures)}`);
  expect(figures.interactions).toBeGreaterThan(0);
  expect(soakProblems(figures)).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
}, 90_000);
