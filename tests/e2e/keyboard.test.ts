import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { decodeAny } from '../../src/url/codec';
import { FIELDS } from '../../src/url/table';
import { CATALOG } from '../../src/url/runCatalog';
import { SCENES } from '../../src/url/scenes';
import { nearestIndex, niceValues } from '../../src/views/controls/niceScale';
import { roundParam } from '../../src/views/roundParam';
import { appState, hashParams, openApp, poll, settled } from './app';
import { useBrowser } from './browser';

/**
 * A whole lesson without the mouse: only Tab / Shift+Tab, arrows, Enter, Space, Escape and typed text.
 * Every control is reached by tabbing to it (a control that Tab never reaches fails the lesson), and its
 * effect is read from the store and the link.
 */
const browser = useBrowser();

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, back = false, max = 150): Promise<void> {
  await target.waitFor({ state: 'attached' });
  for (let k = 0; k < max; k++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()} in ${max} presses`);
}

/**
 * The focused element's focus ring: its computed outline and box shadow (one of them must show), and the
 * first ancestor that clips the outline (overflow other than visible, with the ring reaching past its box).
 */
const ring = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    const width = cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth);
    const reach = Math.max(0, width + parseFloat(cs.outlineOffset));
    const b = el.getBoundingClientRect();
    let clippedBy: string | null = null;
    for (let p = el.parentElement; p && p !== document.documentElement && p !== document.body && reach > 0; p = p.parentElement) {
      const pc = getComputedStyle(p);
      if (pc.overflowX === 'visible' && pc.overflowY === 'visible') continue;
      const q = p.getBoundingClientRect();
      if (b.left - reach < q.left || b.right + reach > q.right || b.top - reach < q.top || b.bottom + reach > q.bottom) {
        clippedBy = `${p.tagName.toLowerCase()}.${p.className}`;
        break;
      }
    }
    return { tag: el.tagName, outline: width > 0 ? `${cs.outlineStyle} ${cs.outlineWidth}` : 'none', shadow: cs.boxShadow, clippedBy };
  });
async function expectRing(page: Page, what: string): Promise<void> {
  const r = await ring(page);
  expect(r.outline !== 'none' || r.shadow !== 'none', `${what} (${r.tag}) shows no focus ring: ${JSON.stringify(r)}`).toBe(true);
  if (r.shadow === 'none') expect(r.clippedBy, `${what}: its focus ring is cut off by ${r.clippedBy}`).toBeNull();
}

const state = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __downhill: { store: { getState(): Record<string, unknown> } } }).__downhill.store.getState();
    return JSON.parse(JSON.stringify({ show: s.show, guess: s.guess, guesses: s.guesses, playing: s.playing, t: s.t, scene: s.scene })) as { show: string[]; guess: boolean; guesses: [number, number][]; playing: boolean; t: number; scene: string | null };
  });

test('a whole lesson by keyboard: share dialog, a scene, η, a run, playback, the start, an overlay and a typed guess', async () => {
  const { page, problems } = await openApp(browser(), '');

  // The Share dialog: Enter opens it (showing the page's link), Escape closes it and gives the focus back.
  const share = page.getByRole('button', { name: 'Share…' });
  await tabTo(page, share);
  await expectRing(page, 'the Share button');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Share this experiment' });
  await poll(() => dialog.isVisible()).toBe(true);
  const full = await dialog.getByLabel('Full link', { exact: true }).inputValue();
  expect(decodeAny(new URL(full).hash).shared.experiment).toEqual((await appState(page)).experiment);
  await page.keyboard.press('Escape');
  await poll(() => dialog.count()).toBe(0);
  expect(await share.evaluate((el) => el === document.activeElement)).toBe(true);

  // A scene from the Lectures menu: focus the <select>, arrow down to it (each arrow opens the next scene).
  const target = SCENES.findIndex((s) => s.id === 'lecture-run');
  const menu = page.getByLabel('Lecture scenes');
  await tabTo(page, menu);
  await expectRing(page, 'the Lectures menu');
  for (let i = 0; i <= target; i++) {
    await page.keyboard.press('ArrowDown');
    // The menu is the store's (a controlled <select>): the next arrow starts from the scene once it is open.
    await poll(() => state(page).then((x) => x.scene)).toBe(SCENES[i]!.id);
    await poll(() => menu.inputValue()).toBe(SCENES[i]!.id);
    await poll(async () => (await hashParams(page)).scene).toBe(SCENES[i]!.id);
  }
  await settled(page);
  let s = await appState(page);
  expect(s.notices).toEqual([]);
  expect(s.experiment.runs.map((r) => r.optimizer)).toEqual(['gd', 'momentum', 'nesterov']);
  expect(s.experiment.eta).toBe(1);

  // η: one arrow on the slider steps to the round value below; the number field beside it takes any value.
  const slider = page.getByRole('slider', { name: /learning rate/i });
  await tabTo(page, slider);
  await expectRing(page, 'the η slider');
  const values = niceValues(FIELDS.eta.min, FIELDS.eta.max);
  const below = values[nearestIndex(values, 1) - 1]!;
  await page.keyboard.press('ArrowLeft');
  await poll(() => appState(page).then((a) => a.experiment.eta)).toBe(below);
  await poll(async () => (await hashParams(page)).eta).toBe(String(below));
  await tabTo(page, page.getByRole('textbox', { name: 'Learning rate η (number)' }), true);
  await expectRing(page, 'the η number field');
  // Tabbing into a text field selects its text: typing replaces it.
  await page.keyboard.type('0.7');
  await page.keyboard.press('Enter');
  await poll(() => appState(page).then((a) => a.experiment.eta)).toBe(0.7);
  await poll(async () => (await hashParams(page)).eta).toBe('0.7');

  // Playback: Enter on Play plays (from step 0, as it stood at the end), K pauses, Step forward adds one.
  await settled(page);
  await tabTo(page, page.getByRole('button', { name: 'Play' }));
  await page.keyboard.press('Enter');
  await poll(() => state(page).then((x) => x.playing)).toBe(true);
  await poll(() => state(page).then((x) => x.t)).toBeLessThan((await appState(page)).experiment.steps);
  await page.keyboard.press('k');
  await poll(() => state(page).then((x) => x.playing)).toBe(false);
  const t0 = (await state(page)).t;
  await tabTo(page, page.getByRole('button', { name: 'Step forward' }));
  await expectRing(page, 'Step forward');
  await page.keyboard.press('Enter');
  await poll(() => state(page).then((x) => x.t)).toBe(t0 + 1);
  await poll(async () => (await hashParams(page)).t).toBe(String(t0 + 1));

  // A run: the new run's optimizer by arrow, then Add run.
  const pick = page.getByRole('combobox', { name: 'Optimizer of the new run' });
  await tabTo(page, pick);
  await expectRing(page, 'the new run\'s optimizer');
  await page.keyboard.press('ArrowDown');
  await poll(() => pick.inputValue()).toBe(CATALOG[1]!.id);
  await tabTo(page, page.getByRole('button', { name: 'Add run' }));
  await page.keyboard.press('Enter');
  await poll(() => appState(page).then((a) => a.experiment.runs.map((r) => r.optimizer))).toEqual(['gd', 'momentum', 'nesterov', CATALOG[1]!.id]);
  await settled(page);

  // The start: arrows on the focused contour plot nudge it by 1 % of the window (Shift: 10 %).
  const contour = page.getByRole('application', { name: /^Contour plot of the loss/ });
  await tabTo(page, contour);
  await expectRing(page, 'the contour plot');
  const { range, start } = (await appState(page)).experiment;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  const [w0, w1, b0, b1] = range as [number, number, number, number];
  const moved = [roundParam(start[0]! + 0.01 * (w1 - w0)), roundParam(start[1]! + 0.1 * (b1 - b0))];
  await poll(() => appState(page).then((a) => a.experiment.start)).toEqual(moved);
  await poll(async () => (await hashParams(page)).start).toBe(moved.join(','));

  // An overlay: Space on the Step arrows checkbox.
  const arrows = page.getByRole('checkbox', { name: 'Step arrows' });
  await tabTo(page, arrows);
  await expectRing(page, 'the Step arrows checkbox');
  await page.keyboard.press('Space');
  await poll(() => state(page).then((x) => x.show)).toEqual(['step']);
  await poll(async () => (await hashParams(page)).show).toBe('step');

  // Guess mode, and a guess typed into the guess table (Enter adds it).
  await tabTo(page, page.getByRole('checkbox', { name: /^Guess mode/ }));
  await page.keyboard.press('Space');
  await poll(() => state(page).then((x) => x.guess)).toBe(true);
  await tabTo(page, page.getByRole('textbox', { name: 'Guess w' }));
  await expectRing(page, 'the guess field');
  await page.keyboard.type('1.5');
  await page.keyboard.press('Tab');
  await page.keyboard.type('-2');
  await page.keyboard.press('Enter');
  await poll(() => state(page).then((x) => x.guesses)).toEqual([[1.5, -2]]);
  await poll(async () => (await hashParams(page)).guesses).toBe('1.5:-2');
  await poll(async () => (await hashParams(page)).guess).toBe('1');
  await expect(page.getByRole('region', { name: 'Guess work', exact: true }).locator('tbody tr').count()).resolves.toBe(1);

  // The run the equations (and the theory panel and the map) follow: arrow on its menu.
  await tabTo(page, page.getByRole('combobox', { name: 'Run whose equations are shown' }));
  await expectRing(page, 'the equations\' run menu');
  await page.keyboard.press('ArrowDown');
  await poll(async () => (await hashParams(page)).theory).toBe('2');

  expect((await appState(page)).notices).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
}, 120_000);
